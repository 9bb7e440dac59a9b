/**
 * Tandem's public API: {@link dev.tandem.Tandem} configured by {@link dev.tandem.TandemConfiguration},
 * the status it reports and the exceptions it throws. Changes here are checked against the last
 * version's API by the build (japicmp); packages named {@code internal} carry no compatibility guarantees.
 */
package dev.tandem;
