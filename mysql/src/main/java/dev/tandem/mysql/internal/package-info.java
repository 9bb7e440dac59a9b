/**
 * Internal: the MySQL/MariaDB dialect, found by {@link java.util.ServiceLoader} as a
 * {@link dev.tandem.spi.Dialect} (no compatibility guarantees; may change in any release). An
 * application depends on {@code tandem-mysql} and calls {@link dev.tandem.Tandem}; nothing here is API.
 */
package dev.tandem.mysql.internal;
