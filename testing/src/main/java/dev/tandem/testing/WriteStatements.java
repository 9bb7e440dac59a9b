package dev.tandem.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * How many statements that change data or the schema a server has been asked to run, from its
 * {@code Com_*} counters: the server counts a statement before it checks privileges, so a write that was
 * denied counts too. For tests that prove a path only reads: the counters are server-wide, so nothing
 * else may write on the server while such a test measures.
 */
public final class WriteStatements {

    private static final Pattern WRITE = Pattern.compile("Com_(insert|update|delete|replace|create|alter|drop|rename|truncate).*",
            Pattern.CASE_INSENSITIVE);

    private WriteStatements() {
    }

    /** The write statements {@code server} has counted since it started. */
    public static long count(DatabaseServer server) throws SQLException {
        long writes = 0;
        try (Connection c = server.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Com\\_%'")) {
            while (rs.next()) {
                if (WRITE.matcher(rs.getString(1)).matches()) {
                    writes += rs.getLong(2);
                }
            }
        }
        return writes;
    }
}
