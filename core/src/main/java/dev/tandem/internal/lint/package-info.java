/**
 * Internal: linting migrations through the dialect's {@link dev.tandem.spi.ScriptLinter}, and the lint
 * rules scripts accept (no compatibility guarantees; may change in any release). The rules themselves
 * belong to the dialect.
 */
package dev.tandem.internal.lint;
