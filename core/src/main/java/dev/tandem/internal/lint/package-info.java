/** Internal: the script linter (no compatibility guarantees; may change in any release). */
package dev.tandem.internal.lint;
