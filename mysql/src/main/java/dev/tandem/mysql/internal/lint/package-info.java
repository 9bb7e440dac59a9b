/**
 * Internal: the MySQL/MariaDB script linter, its rules and its statement classifier (jOOQ's parser plus
 * a token reader); core reaches it through {@link dev.tandem.spi.Dialect#linter} (no compatibility
 * guarantees; may change in any release).
 */
package dev.tandem.mysql.internal.lint;
