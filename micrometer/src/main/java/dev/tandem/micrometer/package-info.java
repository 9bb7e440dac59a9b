/**
 * Micrometer meters for Tandem, without Spring: {@link dev.tandem.micrometer.TandemMetrics}. The meters and
 * their tags are listed in docs/metrics.md.
 */
package dev.tandem.micrometer;
