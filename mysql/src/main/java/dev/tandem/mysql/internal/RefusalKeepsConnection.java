package dev.tandem.mysql.internal;

import java.sql.SQLException;

/**
 * Which failures leave a connection sound though a pool would take it for broken. HikariCP closes a
 * connection whose statement failed with SQLSTATE 0A000 ("feature not supported"); MySQL and MariaDB
 * answer 0A000 when they refuse an ALTER's ALGORITHM or LOCK clause, which Tandem provokes on purpose
 * (INSTANT first, then INPLACE): the connection is fine, and the step's session settings must survive on it.
 */
final class RefusalKeepsConnection {

    /** The SQLSTATE of a refused ALGORITHM or LOCK clause ("feature not supported"). */
    static final String FEATURE_NOT_SUPPORTED = "0A000";

    private RefusalKeepsConnection() {
    }

    /** Whether the connection whose statement failed with {@code e} is still sound. */
    static boolean survives(SQLException e) {
        return FEATURE_NOT_SUPPORTED.equals(e.getSQLState());
    }
}
