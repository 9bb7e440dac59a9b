package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.ComparisonReport;
import dev.tandem.ComparisonReport.Column;
import dev.tandem.ComparisonReport.Row;
import dev.tandem.ComparisonReport.RowKind;
import dev.tandem.ComparisonReport.Table;
import dev.tandem.DatabaseComparison;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestServers;
import java.util.List;
import java.util.Optional;

/**
 * A MariaDB database compared with a MySQL one, and back (each flavor is the source once): types that map
 * alike compare value for value, and JSON (a checked LONGTEXT in MariaDB) is JSON on both, compared as its text.
 */
class CompareAcrossFlavorsIT {

    private static final String TABLE = "CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(40) CHARACTER SET utf8mb4"
            + " COLLATE utf8mb4_bin NOT NULL, note TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL, amount DECIMAL(10,2) NULL,"
            + " at DATETIME(6) NULL, ratio DOUBLE NULL, b VARBINARY(16) NULL) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    private static final String ROWS = "INSERT INTO t VALUES (1, 'Zo\u00eb \uD83D\uDE00', NULL, 12.50, '2024-02-29 23:59:59.999999', 0.25,"
            + " x'00ff'), (2, '', '', 0.00, NULL, NULL, NULL), (3, 'three', 'NULL', -1.00, '1970-01-01 00:00:01', 1e-3, x'')";

    @ServerTest
    void theSameRowsOnTheOtherFlavorAreEqualAndASeededDifferenceIsFoundExactly(DatabaseServer server) throws Exception {
        Optional<DatabaseServer> other = TestServers.configured().stream().filter(s -> s.flavor() != server.flavor()).findFirst();
        assumeTrue(other.isPresent(), "comparing across flavors needs both a MariaDB and a MySQL test server (TANDEM_TEST_SERVERS)");
        try (TestDatabase source = TestDatabase.create(server);
             TestDatabase target = TestDatabase.create(TestServers.started(other.get()))) {
            source.execute(TABLE, ROWS, "INSERT INTO t (id, name) VALUES (4, 'only in the source')");
            target.execute(TABLE, ROWS, "UPDATE t SET amount = 12.51 WHERE id = 1");

            ComparisonReport report = DatabaseComparison.between(source.newDataSource(), target.newDataSource()).run();

            Table t = report.tables().stream().filter(x -> x.source().equals("t")).findFirst().orElseThrow();
            assertThat(t.schemaDifferences()).as("the same definitions on both flavors").isEmpty();
            assertThat(t.differences()).containsExactly(
                    new Row(RowKind.CHANGED, "id=1", List.of(new Column("amount", "12.50", "12.51"))),
                    new Row(RowKind.MISSING_IN_TARGET, "id=4", List.of()));
        }
    }

    @ServerTest
    void jsonIsJsonOnBothFlavorsAndItsTextIsCompared(DatabaseServer server) throws Exception {
        Optional<DatabaseServer> other = TestServers.configured().stream().filter(s -> s.flavor() != server.flavor()).findFirst();
        assumeTrue(other.isPresent(), "comparing across flavors needs both a MariaDB and a MySQL test server (TANDEM_TEST_SERVERS)");
        try (TestDatabase source = TestDatabase.create(server);
             TestDatabase target = TestDatabase.create(TestServers.started(other.get()))) {
            // MySQL stores JSON normalized ('{"a": 1}'); written so, the text is the same on both flavors.
            String sql = "CREATE TABLE j (id INT PRIMARY KEY, doc JSON NULL) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
            source.execute(sql, "INSERT INTO j VALUES (1, '{\"a\": 1}'), (2, NULL), (3, '[1, 2]')");
            target.execute(sql, "INSERT INTO j VALUES (1, '{\"a\": 1}'), (2, NULL), (3, '[1, 3]')");

            Table j = DatabaseComparison.between(source.newDataSource(), target.newDataSource()).run().tables().get(0);

            assertThat(j.schemaDifferences()).as("MariaDB's LONGTEXT under json_valid is its JSON").isEmpty();
            assertThat(j.differences()).containsExactly(new Row(RowKind.CHANGED, "id=3", List.of(new Column("doc", "[1, 2]", "[1, 3]"))));
        }
    }
}
