package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Reads of tables' statistics in information_schema (their rows, the bytes of their data and indexes), as
 * the storage engine has them now. MySQL 8 answers those from a cache it keeps for a day by default
 * ({@value #EXPIRY}, filled by whoever asked first, or by {@code ANALYZE TABLE}): a table that grew since
 * would read as it was, a copy would be chosen or its disk space checked by the size of a table a tenth as
 * big. So on MySQL such a statement runs with the session asking the engine itself, and the session's own
 * setting is given back. MariaDB keeps no such cache.
 */
public final class TableStatistics {

    /** MySQL's session variable: how long information_schema answers tables' statistics from its cache, in seconds. */
    static final String EXPIRY = "information_schema_stats_expiry";

    private TableStatistics() {
    }

    /** The rows of {@code sql}, a read of tables' statistics, with {@code parameters}, on {@code c}. */
    public static List<List<String>> read(Connection c, String sql, String... parameters) throws SQLException {
        if (Jdbc.isMariaDb(c)) {
            return Jdbc.rows(c, sql, parameters);
        }
        long expiry = Jdbc.count(c, "SELECT @@session." + EXPIRY);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION " + EXPIRY + " = 0");
            try {
                return Jdbc.rows(c, sql, parameters);
            } finally {
                s.execute("SET SESSION " + EXPIRY + " = " + expiry);
            }
        }
    }

    /** The one number {@code sql} reads: a count of rows, a sum of bytes. */
    public static long number(Connection c, String sql, String... parameters) throws SQLException {
        return Long.parseLong(read(c, sql, parameters).get(0).get(0));
    }
}
