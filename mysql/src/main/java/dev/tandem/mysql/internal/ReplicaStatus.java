package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * How a server's replica status is read on either flavor: the statement (MariaDB lists every named
 * connection only with {@code ALL}) and its columns, which MySQL names after the source and MariaDB after
 * the master. Shared by the replica-lag signal and the comparison's replica check.
 */
public final class ReplicaStatus {

    private ReplicaStatus() {
    }

    /** The statement that lists each replication channel (MySQL) or connection (MariaDB) of the server. */
    public static String statement(boolean mariaDb) {
        return mariaDb ? "SHOW ALL REPLICAS STATUS" : "SHOW REPLICA STATUS";
    }

    /** {@link #statement} for the server behind {@code c}. */
    public static String statement(Connection c) throws SQLException {
        return statement(Jdbc.isMariaDb(c));
    }

    /** The first of {@code names} the result has: the two servers name these columns differently. */
    public static String column(ResultSetMetaData columns, String... names) throws SQLException {
        for (String wanted : names) {
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                if (columns.getColumnLabel(i).equalsIgnoreCase(wanted)) {
                    return wanted;
                }
            }
        }
        throw new IllegalStateException("SHOW REPLICA STATUS has none of the columns " + List.of(names));
    }
}
