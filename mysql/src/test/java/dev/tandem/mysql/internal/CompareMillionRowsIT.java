package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ComparisonReport.Column;
import dev.tandem.ComparisonReport.Row;
import dev.tandem.ComparisonReport.RowKind;
import dev.tandem.ComparisonReport.Table;
import dev.tandem.DatabaseComparison;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.util.List;

/** A table of a million rows, the size the issue names: three seeded differences among them, each found exactly. */
class CompareMillionRowsIT {

    private static final int ROWS = 1_000_000;

    @ServerTest
    void threeDifferencesAmongAMillionRowsAreFoundExactly(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            a.execute("CREATE TABLE digits (d INT PRIMARY KEY)", "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
                    "CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, amount DECIMAL(10,2) NOT NULL, note TEXT NULL)",
                    "INSERT INTO t SELECT n, CONCAT('customer ', n), n % 100000 / 100, IF(n % 7 = 0, NULL, 'note') FROM (SELECT"
                            + " 1 + d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d + 10000 * d5.d + 100000 * d6.d AS n FROM digits d1,"
                            + " digits d2, digits d3, digits d4, digits d5, digits d6) AS numbers");
            b.execute("CREATE TABLE t LIKE " + a.name() + ".t", "INSERT INTO t SELECT * FROM " + a.name() + ".t",
                    "UPDATE t SET amount = amount + 0.01 WHERE id = 500000", "DELETE FROM t WHERE id = 750001",
                    "INSERT INTO t VALUES (1000001, 'beyond', 0, NULL)");
            a.execute("DROP TABLE digits");

            Table t = DatabaseComparison.between(a.newDataSource(), b.newDataSource()).run().tables().get(0);

            assertThat(t.sourceRows()).isEqualTo(ROWS);
            assertThat(t.targetRows()).isEqualTo(ROWS);
            assertThat(t.differences()).containsExactly(
                    new Row(RowKind.CHANGED, "id=500000", List.of(new Column("amount", "0.00", "0.01"))),
                    new Row(RowKind.MISSING_IN_TARGET, "id=750001", List.of()),
                    new Row(RowKind.MISSING_IN_SOURCE, "id=1000001", List.of()));
        }
    }
}
