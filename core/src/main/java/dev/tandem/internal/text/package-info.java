/**
 * Internal: how Tandem writes quantities for people, alike in its log, its status and its CLI (no
 * compatibility guarantees; may change in any release).
 */
package dev.tandem.internal.text;
