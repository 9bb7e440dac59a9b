/**
 * Internal: finding, naming, checksumming and reading migration scripts (no compatibility guarantees;
 * may change in any release).
 */
package dev.tandem.internal.script;
