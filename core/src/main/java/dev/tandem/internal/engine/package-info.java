/**
 * Internal: runs the phases of migrations (no compatibility guarantees; may change in any release).
 * Use {@link dev.tandem.Tandem} instead.
 */
package dev.tandem.internal.engine;
