/**
 * Internal: connection settings from the environment and redaction of secrets (no compatibility
 * guarantees; may change in any release). Use {@link dev.tandem.TandemConfiguration} instead.
 */
package dev.tandem.internal.config;
