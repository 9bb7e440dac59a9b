/**
 * The service-provider interface a database dialect implements (found with
 * {@link java.util.ServiceLoader}): the state store, locks, fleet registry, statement splitter and the
 * operations of YAML scripts. For authors of dialects, not for applications.
 */
package dev.tandem.spi;
