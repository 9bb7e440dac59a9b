package dev.tandem.mysql.internal.move;

import dev.tandem.mysql.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;

/**
 * The stored procedures a managed server (Amazon RDS for MySQL or MariaDB, Aurora MySQL) configures its
 * replication with, since its master user may not run {@code CHANGE REPLICATION SOURCE TO}, {@code START} /
 * {@code STOP REPLICA} or {@code RESET REPLICA ALL} itself. Their presence in the {@code mysql} schema is what
 * marks a server as managed. RDS for MySQL 8.4 and Aurora MySQL 3 name the source {@code _source}, older
 * versions and RDS for MariaDB {@code _master}.
 *
 * @param setSource   {@code rds_set_external_source} or {@code rds_set_external_master}
 * @param resetSource {@code rds_reset_external_source} or {@code rds_reset_external_master}
 */
record ReplicationProcedures(String setSource, String resetSource) {

    static final String START = "rds_start_replication";
    static final String STOP = "rds_stop_replication";

    /** The procedures of the server behind {@code c}; empty when it is not a managed server (or lacks one of them). */
    static Optional<ReplicationProcedures> of(Connection c) throws SQLException {
        return of(Jdbc.rows(c, "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'mysql'"
                + " AND ROUTINE_TYPE = 'PROCEDURE' AND ROUTINE_NAME LIKE 'rds%'").stream().map(r -> r.get(0)).toList());
    }

    /** The procedures among {@code routines} (the names in the {@code mysql} schema), the {@code _source} ones first. */
    static Optional<ReplicationProcedures> of(Collection<String> routines) {
        if (!routines.contains(START) || !routines.contains(STOP)) {
            return Optional.empty();
        }
        if (routines.contains("rds_set_external_source") && routines.contains("rds_reset_external_source")) {
            return Optional.of(new ReplicationProcedures("rds_set_external_source", "rds_reset_external_source"));
        }
        if (routines.contains("rds_set_external_master") && routines.contains("rds_reset_external_master")) {
            return Optional.of(new ReplicationProcedures("rds_set_external_master", "rds_reset_external_master"));
        }
        return Optional.empty();
    }
}
