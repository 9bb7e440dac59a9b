package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicationSqlTest {

    private static final SourceAddress SOURCE = new SourceAddress("old-db", 3306, "repl", "it's", true);
    private static final BinlogPosition POSITION = new BinlogPosition("binlog.000042", 1957625, null);

    private static final ServerFacts MYSQL_84 = new ServerFacts(false, "8.4.2", Map.of("gtid_mode", "ON"));
    private static final ServerFacts MARIADB = new ServerFacts(true, "10.11.5-MariaDB-log", Map.of());

    private static ReplicationSql managed(ServerFacts server, String... routines) {
        return new ReplicationSql(server, ReplicationProcedures.of(List.of(routines)));
    }

    @Test
    void aServerWithTheRdsProceduresIsManagedAndPrefersTheSourceNames() {
        assertThat(ReplicationProcedures.of(List.of("rds_start_replication", "rds_stop_replication",
                "rds_set_external_master", "rds_reset_external_master", "rds_set_external_source", "rds_reset_external_source")))
                .contains(new ReplicationProcedures("rds_set_external_source", "rds_reset_external_source"));
        assertThat(ReplicationProcedures.of(List.of("rds_start_replication", "rds_stop_replication",
                "rds_set_external_master", "rds_reset_external_master")))
                .contains(new ReplicationProcedures("rds_set_external_master", "rds_reset_external_master"));
        assertThat(ReplicationProcedures.of(List.of("rds_start_replication", "rds_set_external_master",
                "rds_reset_external_master"))).as("no stop procedure").isEmpty();
        assertThat(ReplicationProcedures.of(List.of())).isEmpty();
    }

    @Test
    void onAManagedServerEveryReplicationStatementIsAProcedureCall() {
        ReplicationSql sql = managed(MARIADB, "rds_start_replication", "rds_stop_replication",
                "rds_set_external_master", "rds_reset_external_master");
        assertThat(sql.managed()).isTrue();
        assertThat(sql.changeSource(SOURCE, POSITION)).isEqualTo(
                "CALL mysql.rds_set_external_master('old-db', 3306, 'repl', 'it''s', 'binlog.000042', 1957625, 1)");
        assertThat(sql.start()).isEqualTo("CALL mysql.rds_start_replication()");
        assertThat(sql.startUntil(POSITION)).isEqualTo("CALL mysql.rds_start_replication_until('binlog.000042', 1957625)");
        assertThat(sql.stop()).isEqualTo("CALL mysql.rds_stop_replication()");
        assertThat(sql.resetAll()).isEqualTo("CALL mysql.rds_reset_external_master()");
        assertThat(managed(MYSQL_84, "rds_start_replication", "rds_stop_replication", "rds_set_external_source",
                "rds_reset_external_source").resetAll()).isEqualTo("CALL mysql.rds_reset_external_source()");
    }

    @Test
    void aManagedServerGetsNoFilterStatementsAndCannotIgnoreTables() {
        ReplicationSql sql = managed(MYSQL_84, "rds_start_replication", "rds_stop_replication", "rds_set_external_source",
                "rds_reset_external_source");
        assertThat(sql.filter("shop", List.of())).isEmpty();
        assertThat(sql.noFilter()).isEmpty();
        assertThatThrownBy(() -> sql.filter("shop", List.of("orders")))
                .hasMessageContaining("several snapshots").hasMessageContaining("DB parameter group");
    }

    @Test
    void aPlainServerKeepsItsOwnStatements() {
        ReplicationSql mySql = new ReplicationSql(MYSQL_84, Optional.empty());
        assertThat(mySql.managed()).isFalse();
        assertThat(mySql.changeSource(SOURCE, POSITION)).startsWith("CHANGE REPLICATION SOURCE TO SOURCE_HOST = 'old-db'")
                .endsWith("SOURCE_AUTO_POSITION = 0, GET_SOURCE_PUBLIC_KEY = 1");
        assertThat(mySql.start()).isEqualTo("START REPLICA");
        assertThat(mySql.filter("my_shop", List.of("orders"))).containsExactly("CHANGE REPLICATION FILTER"
                + " REPLICATE_WILD_DO_TABLE = ('my\\\\_shop.%'), REPLICATE_IGNORE_TABLE = (`my_shop`.`orders`)");
        ReplicationSql mariaDb = new ReplicationSql(MARIADB);
        assertThat(mariaDb.resetAll()).isEqualTo("RESET REPLICA ALL");
        assertThat(mariaDb.changeSource(SOURCE, POSITION)).startsWith("CHANGE MASTER TO MASTER_HOST = 'old-db'")
                .endsWith("MASTER_SSL = 1, MASTER_USE_GTID = no");
    }
}
