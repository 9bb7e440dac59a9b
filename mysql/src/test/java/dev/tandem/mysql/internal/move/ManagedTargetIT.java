package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.mysql.internal.Jdbc;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * A target that has Amazon RDS's replication procedures in its {@code mysql} schema is treated as managed:
 * replication is configured, started, stopped and forgotten by calling them, not by the statements its
 * master user may not run. No AWS here: the embedded target gets procedures of those names that do what
 * RDS's do (and log each call), MySQL's under the RDS for MySQL 8.4 names ({@code _source}), MariaDB's
 * under RDS for MariaDB's ({@code _master}); they are dropped at the end, so other tests see a plain server.
 */
class ManagedTargetIT {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    @ServerTest
    void replicationIntoAManagedTargetGoesThroughItsProcedures(DatabaseServer flavorOf) throws Exception {
        MovePair pair = MovePairs.of(flavorOf.flavor());
        MovePairs.cleanUp(pair);
        MovePairs.freshDatabase(pair, "managed");
        for (DatabaseServer server : new DatabaseServer[] {pair.source(), pair.target()}) {
            MovePairs.execute(server, "CREATE TABLE managed.items (id INT PRIMARY KEY, name VARCHAR(20))");
        }
        boolean mariaDb = flavorOf.flavor() == Flavor.MARIADB;
        String suffix = mariaDb ? "master" : "source";
        installFakeProcedures(pair.target(), mariaDb);
        try (HikariDataSource source = MovePairs.dataSource(pair.source(), "managed");
             HikariDataSource target = MovePairs.dataSource(pair.target(), "")) {
            Replication replication = new Replication(target);
            replication.start(MovePairs.address(pair.source()), Replication.currentPosition(source), "managed");
            MovePairs.execute(pair.source(), "INSERT INTO managed.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");

            assertThat(replication.awaitApplied(Replication.currentPosition(source), CATCH_UP)).isTrue();
            assertThat(replication.status().healthy()).as(replication.status().lastError()).isTrue();
            try (Connection c = target.getConnection()) {
                assertThat(Jdbc.rows(c, "SELECT name FROM managed.items ORDER BY id")).extracting(r -> r.get(0))
                        .containsExactly("one", "two", "three");
                assertThat(calls(c)).containsExactly("rds_stop_replication", "rds_reset_external_" + suffix,
                        "rds_set_external_" + suffix, "rds_start_replication");
            }

            replication.stopAndReset();
            assertThat(replication.status().configured()).isFalse();
            try (Connection c = target.getConnection()) {
                assertThat(calls(c)).endsWith("rds_stop_replication", "rds_reset_external_" + suffix).hasSize(6);
            }
        } finally {
            MovePairs.execute(pair.target(), "DROP PROCEDURE IF EXISTS mysql.rds_set_external_" + suffix,
                    "DROP PROCEDURE IF EXISTS mysql.rds_reset_external_" + suffix,
                    "DROP PROCEDURE IF EXISTS mysql.rds_start_replication",
                    "DROP PROCEDURE IF EXISTS mysql.rds_stop_replication", "DROP DATABASE IF EXISTS rds_fake");
            MovePairs.cleanUp(pair);
        }
    }

    private static List<String> calls(Connection c) throws Exception {
        return Jdbc.rows(c, "SELECT name FROM rds_fake.calls ORDER BY id").stream().map(r -> r.get(0)).toList();
    }

    /** Procedures of RDS's names and parameters, running the statements RDS's run, each logging its call. */
    private static void installFakeProcedures(DatabaseServer target, boolean mariaDb) throws Exception {
        String suffix = mariaDb ? "master" : "source";
        String change = mariaDb ? "CHANGE MASTER TO " : "CHANGE REPLICATION SOURCE TO ";
        String option = mariaDb ? "MASTER_" : "SOURCE_";
        // RDS needs ssl_encryption = 1 for caching_sha2_password; the embedded servers have no certificates.
        String extra = mariaDb ? ", MASTER_USE_GTID = no" : ", GET_SOURCE_PUBLIC_KEY = 1";
        String verb = mariaDb ? "SLAVE" : "REPLICA";
        MovePairs.execute(target, "DROP DATABASE IF EXISTS rds_fake", "CREATE DATABASE rds_fake",
                "CREATE TABLE rds_fake.calls (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL)",
                "CREATE PROCEDURE mysql.rds_set_external_" + suffix + "(p_host VARCHAR(255), p_port INT,"
                        + " p_user VARCHAR(255), p_password VARCHAR(255), p_log_file VARCHAR(255), p_log_pos BIGINT,"
                        + " p_ssl_encryption INT) BEGIN"
                        + " INSERT INTO rds_fake.calls (name) VALUES ('rds_set_external_" + suffix + "');"
                        + " SET @rds_change = CONCAT('" + change + option + "HOST = ', QUOTE(p_host), ', " + option
                        + "PORT = ', p_port, ', " + option + "USER = ', QUOTE(p_user), ', " + option
                        + "PASSWORD = ', QUOTE(p_password), ', " + option + "LOG_FILE = ', QUOTE(p_log_file), ', "
                        + option + "LOG_POS = ', p_log_pos, ', " + option + "SSL = ', p_ssl_encryption, '" + extra + "');"
                        + " PREPARE rds_statement FROM @rds_change; EXECUTE rds_statement; DEALLOCATE PREPARE rds_statement;"
                        + " SET @rds_change = NULL; END",
                "CREATE PROCEDURE mysql.rds_reset_external_" + suffix + "() BEGIN"
                        + " INSERT INTO rds_fake.calls (name) VALUES ('rds_reset_external_" + suffix + "');"
                        + " STOP " + verb + "; RESET " + verb + " ALL; END",
                "CREATE PROCEDURE mysql.rds_start_replication() BEGIN"
                        + " INSERT INTO rds_fake.calls (name) VALUES ('rds_start_replication'); START " + verb + "; END",
                "CREATE PROCEDURE mysql.rds_stop_replication() BEGIN"
                        + " INSERT INTO rds_fake.calls (name) VALUES ('rds_stop_replication'); STOP " + verb + "; END");
    }
}
