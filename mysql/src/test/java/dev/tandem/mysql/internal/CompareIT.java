package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.ComparisonReport;
import dev.tandem.ComparisonReport.Column;
import dev.tandem.ComparisonReport.Method;
import dev.tandem.ComparisonReport.Row;
import dev.tandem.ComparisonReport.RowKind;
import dev.tandem.ComparisonReport.Table;
import dev.tandem.DatabaseComparison;
import dev.tandem.TandemException;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** DatabaseComparison on real servers: two databases on one server, with seeded differences, each found exactly. */
class CompareIT {

    private static final String VALUES_TABLE = "CREATE TABLE v (id INT PRIMARY KEY, name VARCHAR(20) NULL,"
            + " at DATETIME(6) NULL, f FLOAT NULL, d DECIMAL(6,2) NULL, b BLOB NULL, j JSON NULL)";

    private static DatabaseComparison between(TestDatabase source, TestDatabase target) {
        return DatabaseComparison.between(source.newDataSource(), target.newDataSource());
    }

    private static Table table(ComparisonReport report, String source) {
        return report.tables().stream().filter(t -> t.source().equals(source)).findFirst().orElseThrow();
    }

    /** Runs the same statements in both databases. */
    private static void both(TestDatabase a, TestDatabase b, String... sql) throws Exception {
        a.execute(sql);
        b.execute(sql);
    }

    @ServerTest
    void identicalDatabasesAreIdentical(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, VALUES_TABLE, "INSERT INTO v VALUES (1, 'x', '2024-01-01 10:00:00.5', 1.5, 1.50, x'00ff', '{\"a\": 1}'),"
                    + " (2, NULL, NULL, NULL, NULL, NULL, NULL)");

            ComparisonReport report = between(a, b).run();

            assertThat(report.identical()).as("%s", report).isTrue();
            assertThat(report.tables()).singleElement().satisfies(t -> {
                assertThat(t.method()).isEqualTo(Method.KEYED_CHUNKS);
                assertThat(t.sourceRows()).isEqualTo(2);
                assertThat(t.targetRows()).isEqualTo(2);
            });
        }
    }

    /**
     * A target that is the source itself (a URL repeated, a host name pointed at the new server after a cut-over)
     * was "identical", whatever was lost. Refused; two databases of one server are still compared.
     */
    @ServerTest
    void aDatabaseIsNotComparedWithItself(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server)) {
            a.execute(VALUES_TABLE);
            assertThatThrownBy(() -> between(a, a).run()).isInstanceOf(TandemException.class)
                    .hasMessageContaining("The source and the target are one database (" + a.queryValue("SELECT DATABASE()"))
                    .hasMessageContaining("point the target's URL at the other server");
        }
    }

    /**
     * A side whose URL reads text as latin1: a key 'Łukasz' read as '?ukasz' named no row when the differing row
     * was looked up again, on either side, and the row read as equal. Refused, naming the fix.
     */
    @ServerTest
    void aSideThatReadsTextInACharacterSetThatCannotHoldItIsRefused(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE people (name VARCHAR(20) CHARACTER SET utf8mb4 PRIMARY KEY, city VARCHAR(20))");
            a.execute("INSERT INTO people VALUES ('\u0141ukasz', 'Krak\u00f3w')");
            b.execute("INSERT INTO people VALUES ('\u0141ukasz', 'Krakow')");
            String latin1 = a.url() + (a.url().contains("?") ? "&" : "?") + "characterEncoding=ISO-8859-1";
            try (HikariDataSource source = pool(latin1, a)) {
                assertThatThrownBy(() -> DatabaseComparison.between(source, b.newDataSource()).run())
                        .hasMessageContaining("The source's connection sends or reads text as latin1")
                        .hasMessageContaining("characterEncoding=UTF-8");
            }
            assertThat(between(a, b).run().identical()).as("compared whole").isFalse();
        }
    }

    @ServerTest
    void eachKindOfValueDifferenceIsFoundWithItsColumnAndBothValues(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, VALUES_TABLE);
            a.execute("INSERT INTO v (id, name, at, f, d, b, j) VALUES (1, 'same', '2024-01-01 10:00:00.123456', 1.5, 1.50,"
                    + " x'01', '{\"a\": 1}'), (2, 'gone', NULL, NULL, NULL, NULL, NULL), (3, 'x', NULL, NULL, NULL, NULL, NULL),"
                    + " (4, NULL, NULL, NULL, NULL, NULL, NULL), (5, 'a', NULL, NULL, NULL, NULL, NULL)");
            b.execute("INSERT INTO v (id, name, at, f, d, b, j) VALUES (1, 'same', '2024-01-01 10:00:00.123456', 1.5, 1.50,"
                    + " x'01', '{\"a\": 1}'), (3, 'y', NULL, NULL, NULL, NULL, NULL),"
                    + " (4, '', NULL, NULL, NULL, NULL, NULL), (5, 'a ', NULL, NULL, NULL, NULL, NULL)");
            a.execute("INSERT INTO v (id, at, f, d, b, j) VALUES (6, '2024-01-01 10:00:00.123456', 1.5, 1.50, x'01', '{\"a\": 1}')",
                    "INSERT INTO v (id, at, f, d, b, j) VALUES (7, '2024-01-01 10:00:00.123456', 1.5, 1.50, x'01', '{\"a\": 1}')",
                    "INSERT INTO v (id, at, f, d, b, j) VALUES (8, '2024-01-01 10:00:00.123456', 1.5, 1.50, x'01', '{\"a\": 1}')",
                    "INSERT INTO v (id, at, f, d, b, j) VALUES (9, '2024-01-01 10:00:00.123456', 1.5, 1.50, x'01', '{\"a\": 1}')",
                    "INSERT INTO v (id, at, f, d, b, j) VALUES (10, '2024-01-01 10:00:00.123456', 1.5, 1.50, x'01', '{\"a\": 1}')");
            b.execute("INSERT INTO v (id, at, f, d, b, j) VALUES (6, '2024-01-01 10:00:00.123457', 1.5, 1.50, x'01', '{\"a\": 1}')",
                    "INSERT INTO v (id, at, f, d, b, j) VALUES (7, '2024-01-01 10:00:00.123456', 1.25, 1.50, x'01', '{\"a\": 1}')",
                    "INSERT INTO v (id, at, f, d, b, j) VALUES (8, '2024-01-01 10:00:00.123456', 1.5, 1.51, x'01', '{\"a\": 1}')",
                    "INSERT INTO v (id, at, f, d, b, j) VALUES (9, '2024-01-01 10:00:00.123456', 1.5, 1.50, x'02', '{\"a\": 1}')",
                    "INSERT INTO v (id, at, f, d, b, j) VALUES (10, '2024-01-01 10:00:00.123456', 1.5, 1.50, x'01', '{\"a\": 2}')",
                    "INSERT INTO v (id, name) VALUES (11, 'beyond the source')");

            Table v = table(between(a, b).run(), "v");

            assertThat(v.schemaDifferences()).isEmpty();
            assertThat(v.sourceRows()).isEqualTo(10);
            assertThat(v.targetRows()).isEqualTo(10);
            assertThat(v.missingInTarget()).isEqualTo(1);
            assertThat(v.missingInSource()).isEqualTo(1);
            assertThat(v.changed()).isEqualTo(8);
            assertThat(v.differences()).containsExactly(
                    new Row(RowKind.MISSING_IN_TARGET, "id=2", List.of()),
                    changed("id=3", "name", "x", "y"),
                    changed("id=4", "name", null, ""),
                    changed("id=5", "name", "a", "a "),
                    changed("id=6", "at", "2024-01-01 10:00:00.123456", "2024-01-01 10:00:00.123457"),
                    changed("id=7", "f", "1.5", "1.25"),
                    changed("id=8", "d", "1.50", "1.51"),
                    changed("id=9", "b", "0x01", "0x02"),
                    changed("id=10", "j", "{\"a\": 1}", "{\"a\": 2}"),
                    new Row(RowKind.MISSING_IN_SOURCE, "id=11", List.of()));
        }
    }

    @ServerTest
    void valuesThatRunTogetherOrSwapTheirNullsStillDiffer(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE w (id INT PRIMARY KEY, x VARCHAR(10) NULL, y VARCHAR(10) NULL, n INT NULL, m INT NULL)",
                    "INSERT INTO w VALUES (6, '#,N', NULL, NULL, 7)");
            a.execute("INSERT INTO w VALUES (1, 'p#q', 'r', 1, 1), (2, NULL, 'p', 1, 1), (3, 'p', 'q', NULL, 5),"
                    + " (4, '', NULL, 1, 1), (5, '1', '2', 3, 4)");
            b.execute("INSERT INTO w VALUES (1, 'p', 'q#r', 1, 1), (2, 'p', NULL, 1, 1), (3, 'p', 'q', 5, NULL),"
                    + " (4, NULL, '', 1, 1), (5, '1#2', NULL, 3, 4)");

            Table w = table(between(a, b).run(), "w");

            assertThat(w.changed()).as("%s", w).isEqualTo(5);
            assertThat(w.differences()).extracting(Row::key, r -> r.columns().stream().map(Column::name).toList())
                    .containsExactly(tuple("id=1", List.of("x", "y")), tuple("id=2", List.of("x", "y")),
                            tuple("id=3", List.of("n", "m")), tuple("id=4", List.of("x", "y")), tuple("id=5", List.of("x", "y")));
        }
    }

    /**
     * Rows longer than {@code max_allowed_packet} (each value fits, their sum does not): the row's bytes, one
     * {@code CONCAT_WS}, were NULL (a warning only), its hash too, and a chunk's XOR skipped it, so a value
     * changed in such a row, or the row gone, was never seen: "identical".
     */
    @ServerTest
    void rowsLongerThanTheLargestPacketAreComparedValueByValue(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE docs (id INT PRIMARY KEY, body LONGTEXT NOT NULL, raw LONGBLOB NULL)",
                    "INSERT INTO docs VALUES (1, REPEAT('a', 700000), REPEAT('b', 700000)), (2, 'short', NULL),"
                            + " (3, REPEAT('c', 700000), REPEAT('d', 700000)), (4, REPEAT('e', 700000), REPEAT('f', 700000))");
            b.execute("UPDATE docs SET body = CONCAT(LEFT(body, 699999), 'x') WHERE id = 1", "DELETE FROM docs WHERE id = 3");
            Object packet = a.queryValue("SELECT @@GLOBAL.max_allowed_packet");
            a.execute("SET GLOBAL max_allowed_packet = 1048576"); // the comparison's sessions: a row is 1.4 MB
            ComparisonReport report;
            try {
                report = between(a, b).run();
            } finally {
                a.execute("SET GLOBAL max_allowed_packet = " + packet);
            }

            Table docs = table(report, "docs");
            assertThat(report.identical()).as("%s", report).isFalse();
            assertThat(docs.differences()).extracting(Row::kind, Row::key, r -> r.columns().stream().map(Column::name).toList())
                    .containsExactly(tuple(RowKind.CHANGED, "id=1", List.of("body")), tuple(RowKind.MISSING_IN_TARGET, "id=3", List.of()));
        }
    }

    @ServerTest
    void twoRowsChangedAlikeInOneChunkDoNotCancelOut(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)");
            a.execute("INSERT INTO t VALUES (1, 'Müller'), (2, 'Müller'), (3, 'same')");
            // The same character transliterated in two rows alike, keeping their byte lengths ('ü' is two
            // bytes in utf8mb4, as 'ue'): a linear row hash (CRC32) changes alike for both, and their XOR cancels out.
            b.execute("INSERT INTO t VALUES (1, 'Mueller'), (2, 'Mueller'), (3, 'same')");

            Table t = table(between(a, b).run(), "t");

            assertThat(t.differences()).containsExactly(changed("id=1", "v", "Müller", "Mueller"),
                    changed("id=2", "v", "Müller", "Mueller"));
        }
    }

    @ServerTest
    void aTableWithABinaryKeyWhoseBytesAreNoTextIsWalkedAndItsDifferencesFound(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE digits (d INT PRIMARY KEY)", "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
                    "CREATE TABLE tokens (id VARBINARY(16) PRIMARY KEY, v INT NOT NULL)",
                    "INSERT INTO tokens SELECT UNHEX(MD5(CONCAT(a.d, b.d, c.d, e.d, f.d))), a.d FROM digits a, digits b, digits c,"
                            + " digits e, digits f",
                    "INSERT INTO tokens VALUES (x'FF', 1), (x'', 2), (x'00', 3)");
            b.execute("UPDATE tokens SET v = 42 WHERE id = x'FF'", "DELETE FROM tokens WHERE id = UNHEX(MD5('12345'))",
                    "INSERT INTO tokens VALUES (x'FFFF', 4)");

            Table t = table(between(a, b).tables("tokens").run(), "tokens");

            assertThat(t.sourceRows()).isEqualTo(100_003);
            assertThat(t.differences()).containsExactly(
                    new Row(RowKind.MISSING_IN_TARGET, "id=0x827CCB0EEA8A706C4C34A16891F84E7B", List.of()),
                    changed("id=0xFF", "v", "1", "42"),
                    new Row(RowKind.MISSING_IN_SOURCE, "id=0xFFFF", List.of()));
        }
    }

    /**
     * A key with an ENUM, which the key orders by position and text compares by name: walked by position,
     * the rows of its last key whose names sort after the last one's are compared too.
     */
    @ServerTest
    void aTableKeyedByAnEnumIsWalkedWholeAndItsDifferencesFound(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE digits (d INT PRIMARY KEY)", "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
                    "CREATE TABLE follows (user_id INT NOT NULL, kind ENUM('like', 'follow', 'block') NOT NULL, v INT NOT NULL,"
                            + " PRIMARY KEY (user_id, kind))",
                    "INSERT INTO follows SELECT 1 + a.d + 10 * b.d + 100 * c.d, k.kind, 0 FROM digits a, digits b, digits c,"
                            + " (SELECT 'like' AS kind UNION ALL SELECT 'follow' UNION ALL SELECT 'block') k");
            b.execute("DELETE FROM follows WHERE user_id = 1000 AND kind = 'like'",
                    "UPDATE follows SET v = 7 WHERE user_id = 1000 AND kind = 'follow'");

            Table t = table(between(a, b).tables("follows").run(), "follows");

            assertThat(t.sourceRows()).isEqualTo(3_000);
            assertThat(t.differences()).containsExactly(
                    new Row(RowKind.MISSING_IN_TARGET, "(user_id, kind)=(1000, 'like')", List.of()),
                    changed("(user_id, kind)=(1000, 'follow')", "v", "0", "7"));
        }
    }

    private static Row changed(String key, String column, String source, String target) {
        return new Row(RowKind.CHANGED, key, List.of(new Column(column, source, target)));
    }

    @ServerTest
    void aDecimalOfAnotherScaleIsASchemaDifferenceAndEqualValuesStayEqual(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            a.execute("CREATE TABLE m (id INT PRIMARY KEY, scaled DECIMAL(6,2), same DECIMAL(6,2))",
                    "INSERT INTO m VALUES (1, 1.50, 1.50), (2, 2.50, 2.50)");
            b.execute("CREATE TABLE m (id INT PRIMARY KEY, scaled DECIMAL(6,1), same DECIMAL(6,2))",
                    "INSERT INTO m VALUES (1, 1.5, 1.50), (2, 2.5, 2.51)");

            Table m = table(between(a, b).run(), "m");

            assertThat(m.schemaDifferences()).containsExactly("column scaled type: decimal(6,2) in the source, decimal(6,1) in the target");
            assertThat(m.changed()).isEqualTo(1);
            assertThat(m.differences()).containsExactly(changed("id=2", "same", "2.50", "2.51"));
        }
    }

    /**
     * Two FLOATs the servers print alike (six digits: both show 1.23457) but that are different stored values: a
     * difference. Compared as printed, a copy that lost those digits (through a dump's text) was called identical.
     */
    @ServerTest
    void floatsThatPrintAlikeButAreStoredDifferentlyDiffer(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE f (id INT PRIMARY KEY, x FLOAT NULL, y FLOAT NULL)");
            a.execute("INSERT INTO f VALUES (1, 1.2345678, 1.5), (2, -0.000123456789, NULL)");
            b.execute("INSERT INTO f VALUES (1, 1.2345671, 1.5), (2, -0.000123456789, NULL)");
            assertThat(a.queryValue("SELECT CAST(x AS CHAR) FROM f WHERE id = 1"))
                    .as("printed alike").isEqualTo(b.queryValue("SELECT CAST(x AS CHAR) FROM f WHERE id = 1"));

            Table f = table(between(a, b).run(), "f");

            assertThat(f.changed()).isEqualTo(1);
            assertThat(f.differences()).extracting(Row::key, r -> r.columns().stream().map(Column::name).toList())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("id=1", List.of("x")));
            assertThat(f.differences().get(0).columns().get(0).source()).as("shown as stored").startsWith("1.2345677");
        }
    }

    /**
     * Tables whose names differ only in case are two tables where names are case-sensitive
     * (lower_case_table_names=0, Linux's default): one on a side alone is reported so. A target's Orders beside
     * its orders was left out, as if seen, and a source's Orders was compared with the target's orders.
     */
    @ServerTest
    void tablesWhoseNamesDifferOnlyInCaseAreEachMetByTheirOwn(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            assumeTrue("0".equals(String.valueOf(a.queryValue("SELECT @@lower_case_table_names"))),
                    "names are case-sensitive on this server");
            both(a, b, "CREATE TABLE orders (id INT PRIMARY KEY)", "INSERT INTO orders VALUES (1)");
            b.execute("CREATE TABLE Orders (id INT PRIMARY KEY)", "INSERT INTO Orders VALUES (7)");

            ComparisonReport onlyInTheTarget = between(a, b).run();
            ComparisonReport onlyInTheSource = between(b, a).run();

            assertThat(onlyInTheTarget.identical()).isFalse();
            assertThat(table(onlyInTheTarget, "Orders").notes()).containsExactly("only in the target: the source has no table Orders");
            assertThat(onlyInTheSource.identical()).isFalse();
            assertThat(table(onlyInTheSource, "Orders").notes()).containsExactly("only in the source: the target has no table Orders");
        }
    }

    /**
     * The source's primary key is no key on the target, which holds one of its keys twice: the rows are compared
     * by a full scan of each side, and the extra row found. Walked by the source's key, the two rows of one key
     * were merged into one (and many of them narrowed a chunk to itself until the stack overflowed).
     */
    @ServerTest
    void aKeyTheTargetDoesNotHoldUniqueIsNotWalkedAndItsDuplicateIsFound(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            a.execute("CREATE TABLE k (id INT PRIMARY KEY, v INT NOT NULL)", "INSERT INTO k VALUES (1, 10), (2, 20), (3, 30)");
            b.execute("CREATE TABLE k (id INT NOT NULL, v INT NOT NULL, KEY by_id (id))",
                    "INSERT INTO k VALUES (1, 10), (2, 20), (2, 20), (3, 30)");

            ComparisonReport report = between(a, b).run();
            Table k = table(report, "k");

            assertThat(report.identical()).isFalse();
            assertThat(k.method()).isEqualTo(Method.FULL_SCAN);
            assertThat(k.targetRows()).isEqualTo(4);
            assertThat(k.missingInSource()).isEqualTo(1);
            assertThat(k.notes()).anySatisfy(n -> assertThat(n).contains("the target holds no unique key over id"));
        }
    }

    /**
     * A foreign key the target lacks (its index kept), and two columns the target holds in another order: schema
     * differences. Neither was compared, so a copy without its foreign keys, or with columns an INSERT without a
     * column list fills otherwise, was called identical.
     */
    @ServerTest
    void aForeignKeyOnOneSideAndColumnsInAnotherOrderAreSchemaDifferences(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE parents (id INT PRIMARY KEY)", "INSERT INTO parents VALUES (1)");
            a.execute("CREATE TABLE kids (id INT PRIMARY KEY, parent_id INT NOT NULL, name VARCHAR(20), nick VARCHAR(20),"
                    + " KEY by_parent (parent_id), CONSTRAINT fk_kids_parent FOREIGN KEY (parent_id) REFERENCES parents (id))",
                    "INSERT INTO kids VALUES (1, 1, 'ada', 'a')");
            b.execute("CREATE TABLE kids (id INT PRIMARY KEY, parent_id INT NOT NULL, nick VARCHAR(20), name VARCHAR(20),"
                    + " KEY by_parent (parent_id))", "INSERT INTO kids (id, parent_id, name, nick) VALUES (1, 1, 'ada', 'a')");

            ComparisonReport report = between(a, b).run();

            assertThat(report.identical()).isFalse();
            assertThat(table(report, "kids").schemaDifferences()).containsExactly(
                    "column order: id, parent_id, name, nick in the source, id, parent_id, nick, name in the target",
                    "foreign key fk_kids_parent is only in the source: (parent_id) REFERENCES parents (id) ON UPDATE RESTRICT ON DELETE RESTRICT");
            assertThat(table(report, "kids").changed()).as("the values are the same").isZero();
        }
    }

    /**
     * A text key whose collation differs on the two sides (binary in the source, case-insensitive in the target):
     * 'B' sorts before 'a' on one side, after it on the other. Each side bounded the chunks by its own order, and
     * the walk went from 'a' to 'B' and back without end. Compared by a full scan, which sorts both sides alike.
     */
    @ServerTest
    void aTextKeySortedByAnotherCollationOnEachSideIsComparedAndFinishes(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            a.execute("CREATE TABLE codes (code VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PRIMARY KEY, n INT)",
                    "INSERT INTO codes VALUES ('B', 1), ('a', 3)");
            b.execute("CREATE TABLE codes (code VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY, n INT)",
                    "INSERT INTO codes VALUES ('B', 1), ('a', 4)");

            ComparisonReport report = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> between(a, b).afterCharsetConversion(true).run());
            Table codes = table(report, "codes");

            assertThat(codes.method()).isEqualTo(Method.FULL_SCAN);
            assertThat(codes.sourceRows()).isEqualTo(2);
            assertThat(codes.targetRows()).isEqualTo(2);
            assertThat(codes.differences()).extracting(Row::key)
                    .containsExactlyInAnyOrder("(code, n)=('a', 3)", "(code, n)=('a', 4)");
            assertThat(codes.notes()).anySatisfy(n -> assertThat(n).contains("sort by other collations"));
        }
    }

    /**
     * A key of another type on each side: an ENUM whose members the target lists otherwise ('follow' is member 2
     * of one, 3 of the other) and a DECIMAL of another scale. Its values travelled as one side spells them, and
     * equal rows were reported missing on both sides. Compared by a full scan.
     */
    @ServerTest
    void aKeyOfAnotherTypeOnEachSideFindsTheEqualRowsEqual(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            a.execute("CREATE TABLE follows (user_id INT, kind ENUM('like', 'follow', 'block'), PRIMARY KEY (user_id, kind))",
                    "INSERT INTO follows VALUES (1, 'like'), (1, 'follow'), (2, 'block')",
                    "CREATE TABLE prices (price DECIMAL(10,2) PRIMARY KEY, n INT)", "INSERT INTO prices VALUES (1.50, 1), (2.25, 2)");
            b.execute("CREATE TABLE follows (user_id INT, kind ENUM('like', 'share', 'follow', 'block'), PRIMARY KEY (user_id, kind))",
                    "INSERT INTO follows VALUES (1, 'like'), (1, 'follow'), (2, 'block')",
                    "CREATE TABLE prices (price DECIMAL(10,3) PRIMARY KEY, n INT)", "INSERT INTO prices VALUES (1.50, 1), (2.25, 3)");

            ComparisonReport report = between(a, b).run();

            Table follows = table(report, "follows");
            assertThat(follows.method()).isEqualTo(Method.FULL_SCAN);
            assertThat(follows.differences()).isEmpty();
            assertThat(follows.notes()).anySatisfy(n -> assertThat(n).contains("of other types on the two sides"));
            Table prices = table(report, "prices");
            assertThat(prices.method()).isEqualTo(Method.FULL_SCAN);
            assertThat(prices.differences()).extracting(Row::key).containsExactlyInAnyOrder("(price, n)=(2.25, 2)",
                    "(price, n)=(2.250, 3)");
        }
    }

    /**
     * Two sides whose URLs name no database listed no table, and were "identical" over none: refused. On MariaDB,
     * a system-versioned table (listed as SYSTEM VERSIONED, not BASE TABLE) was left out on both sides, its rows
     * unseen; its current rows are compared.
     */
    @ServerTest
    void sidesWithoutADatabaseAreRefusedAndASystemVersionedTableIsCompared(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            try (HikariDataSource noDatabase = pool(a.url().replaceFirst("(jdbc:[a-z]+://[^/]+/)[^?]*", "$1"), a)) {
                assertThatThrownBy(() -> DatabaseComparison.between(noDatabase, noDatabase).run())
                        .hasMessageContaining("source's connection has no database selected");
            }
            if (server.flavor() == Flavor.MARIADB) {
                a.execute("CREATE TABLE audit (id INT PRIMARY KEY, what VARCHAR(20)) WITH SYSTEM VERSIONING",
                        "INSERT INTO audit VALUES (1, 'login'), (2, 'logout')", "UPDATE audit SET what = 'login!' WHERE id = 1");
                b.execute("CREATE TABLE audit (id INT PRIMARY KEY, what VARCHAR(20)) WITH SYSTEM VERSIONING",
                        "INSERT INTO audit VALUES (1, 'login!'), (2, 'logout'), (3, 'extra')");
                ComparisonReport report = between(a, b).run();
                assertThat(report.identical()).isFalse();
                Table audit = table(report, "audit");
                assertThat(audit.method()).isEqualTo(Method.KEYED_CHUNKS);
                assertThat(audit.differences()).extracting(Row::key).containsExactly("id=3");
                assertThat(audit.notes()).anySatisfy(n -> assertThat(n).contains("system-versioned"));
            }
        }
    }

    private static HikariDataSource pool(String url, TestDatabase credentials) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(credentials.user());
        pool.setPassword(credentials.password());
        pool.setMaximumPoolSize(2);
        return pool;
    }

    @ServerTest
    void everyKindOfKeyAndTablesOnOneSideOnly(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE pairs (tenant INT, code VARCHAR(10), qty INT, PRIMARY KEY (tenant, code))",
                    "CREATE TABLE uniq (code VARCHAR(10) NOT NULL, qty INT, UNIQUE KEY by_code (code))",
                    "CREATE TABLE loose (a INT, b VARCHAR(10))");
            a.execute("CREATE TABLE typed (id INT PRIMARY KEY, n INT)", "CREATE TABLE only_source (id INT PRIMARY KEY)",
                    "INSERT INTO pairs VALUES (7, 'A-1', 1), (7, 'A-2', 2), (8, 'A-1', 3)",
                    "INSERT INTO uniq VALUES ('k1', 1), ('k2', 2)", "INSERT INTO loose VALUES (1, 'x'), (2, 'y'), (2, 'y')",
                    "INSERT INTO typed VALUES (1, 10)");
            b.execute("CREATE TABLE typed (id INT PRIMARY KEY, n BIGINT)", "CREATE TABLE only_target (id INT PRIMARY KEY)",
                    "INSERT INTO pairs VALUES (7, 'A-1', 1), (7, 'A-2', 5), (9, 'B', 3)",
                    "INSERT INTO uniq VALUES ('k1', 1), ('k2', 3)", "INSERT INTO loose VALUES (1, 'x'), (2, 'z'), (2, 'y')",
                    "INSERT INTO typed VALUES (1, 10)");

            ComparisonReport report = between(a, b).run();

            assertThat(report.tables()).extracting(Table::source)
                    .containsExactly("loose", "only_source", "pairs", "typed", "uniq", "only_target");
            assertThat(table(report, "pairs").differences()).containsExactly(
                    new Row(RowKind.CHANGED, "(tenant, code)=(7, 'A-2')", List.of(new Column("qty", "2", "5"))),
                    new Row(RowKind.MISSING_IN_TARGET, "(tenant, code)=(8, 'A-1')", List.of()),
                    new Row(RowKind.MISSING_IN_SOURCE, "(tenant, code)=(9, 'B')", List.of()));
            Table uniq = table(report, "uniq");
            assertThat(uniq.method()).isEqualTo(Method.KEYED_CHUNKS);
            assertThat(uniq.differences()).containsExactly(new Row(RowKind.CHANGED, "code='k2'", List.of(new Column("qty", "2", "3"))));
            Table loose = table(report, "loose");
            assertThat(loose.method()).isEqualTo(Method.FULL_SCAN);
            assertThat(loose.notes()).singleElement().asString().contains("full scan");
            assertThat(loose.sourceRows()).isEqualTo(3);
            assertThat(loose.differences()).containsExactlyInAnyOrder(
                    new Row(RowKind.MISSING_IN_TARGET, "(a, b)=(2, 'y')", List.of()),
                    new Row(RowKind.MISSING_IN_SOURCE, "(a, b)=(2, 'z')", List.of()));
            assertThat(table(report, "only_source").method()).isEqualTo(Method.NOT_COMPARED);
            assertThat(table(report, "only_source").notes()).containsExactly("only in the source: the target has no table only_source");
            assertThat(table(report, "only_target").method()).isEqualTo(Method.NOT_COMPARED);
            assertThat(table(report, "only_target").notes()).containsExactly("only in the target: the source has no table only_target");
            Table typed = table(report, "typed");
            assertThat(typed.schemaDifferences()).containsExactly("column n type: int in the source, bigint in the target");
            assertThat(typed.changed()).as("10 is 10 in either type").isZero();
            assertThat(report.identical()).isFalse();
        }
    }

    @ServerTest
    void ignoredColumnsAndMappedTables(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            a.execute("CREATE TABLE options (id INT PRIMARY KEY, value VARCHAR(10), autoload VARCHAR(3))",
                    "INSERT INTO options VALUES (1, 'v', 'yes')");
            b.execute("CREATE TABLE settings (id INT PRIMARY KEY, value VARCHAR(10), autoload VARCHAR(3))",
                    "INSERT INTO settings VALUES (1, 'v', 'no')");

            ComparisonReport plain = between(a, b).tables("options").map("options", "settings").run();
            ComparisonReport ignoring = between(a, b).tables("options").map("options", "settings")
                    .ignoreColumns("options.autoload").run();

            assertThat(plain.tables()).singleElement().satisfies(t -> {
                assertThat(t.target()).isEqualTo("settings");
                assertThat(t.differences()).containsExactly(changed("id=1", "autoload", "yes", "no"));
            });
            assertThat(ignoring.identical()).as("%s", ignoring).isTrue();
            assertThat(ignoring.compared()).contains("columns ignored: options.autoload",
                    "table options of the source compared with settings of the target");
        }
    }

    @ServerTest
    void afterACharsetConversionOnlyRealLossesShow(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            a.execute("CREATE TABLE words (id INT PRIMARY KEY, w VARCHAR(10)) CHARACTER SET latin1 COLLATE latin1_swedish_ci",
                    "INSERT INTO words VALUES (1, 'über')",
                    "CREATE TABLE notes (id INT PRIMARY KEY, n VARCHAR(10)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                    "INSERT INTO notes VALUES (1, 'ok'), (2, 'smile \uD83D\uDE00')");
            b.execute("CREATE TABLE words (id INT PRIMARY KEY, w VARCHAR(10)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                    "INSERT INTO words VALUES (1, 'über')",
                    "CREATE TABLE notes (id INT PRIMARY KEY, n VARCHAR(10)) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin",
                    "INSERT INTO notes VALUES (1, 'ok'), (2, 'smile ?')");

            ComparisonReport raw = between(a, b).run();
            ComparisonReport converted = between(a, b).afterCharsetConversion(true).run();

            assertThat(table(raw, "words").changed()).as("latin1 bytes are not utf8mb4 bytes").isEqualTo(1);
            assertThat(table(raw, "words").schemaDifferences()).contains(
                    "column w character set: latin1 in the source, utf8mb4 in the target");
            Table words = table(converted, "words");
            assertThat(words.identical()).as("%s", words).isTrue();
            assertThat(words.notes()).contains("column w character set: latin1 in the source, utf8mb4 in the target");
            Table notes = table(converted, "notes");
            assertThat(notes.differences()).containsExactly(changed("id=2", "n", "smile \uD83D\uDE00", "smile ?"));
        }
    }

    @ServerTest
    void aLargerTableIsWalkedInChunksAndItsScatteredDifferencesFoundExactly(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            a.execute("CREATE TABLE digits (d INT PRIMARY KEY)", "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
                    "CREATE TABLE big (id BIGINT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
                    "INSERT INTO big SELECT 1 + d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d + 10000 * d5.d, CONCAT('row ',"
                            + " d1.d + 10 * d2.d + 100 * d3.d) FROM digits d1, digits d2, digits d3, digits d4, digits d5"
                            + " WHERE d5.d < 5");
            b.execute("CREATE TABLE digits (d INT PRIMARY KEY)",
                    "CREATE TABLE big (id BIGINT PRIMARY KEY, v VARCHAR(20) NOT NULL)",
                    "INSERT INTO digits SELECT * FROM `" + a.name() + "`.digits",
                    "INSERT INTO big SELECT * FROM `" + a.name() + "`.big",
                    "DELETE FROM big WHERE id = 1234", "UPDATE big SET v = 'changed' WHERE id = 25000",
                    "INSERT INTO big VALUES (50001, 'extra')");
            AtomicLong lastProgress = new AtomicLong();

            ComparisonReport report = between(a, b).tables("big")
                    .listener((table, done, estimate) -> lastProgress.set(done)).run();

            Table big = table(report, "big");
            assertThat(big.sourceRows()).isEqualTo(50_000);
            assertThat(big.targetRows()).isEqualTo(50_000);
            assertThat(big.differences()).containsExactly(
                    new Row(RowKind.MISSING_IN_TARGET, "id=1234", List.of()),
                    changed("id=25000", "v", "row 999", "changed"),
                    new Row(RowKind.MISSING_IN_SOURCE, "id=50001", List.of()));
            assertThat(lastProgress.get()).isEqualTo(50_000);
        }
    }

    @ServerTest
    void aRowChangedBackDuringTheComparisonIsNotReportedWhileOneThatStaysDifferentIs(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)");
            a.execute("INSERT INTO t VALUES (1, 'same'), (2, 'source'), (3, 'source')");
            b.execute("INSERT INTO t VALUES (1, 'same'), (2, 'target'), (3, 'target')");
            AtomicBoolean repaired = new AtomicBoolean();

            // The table is one chunk, so its one progress call comes after the first pass and before the re-check.
            ComparisonReport report = between(a, b).listener((table, done, estimate) -> {
                if (!repaired.getAndSet(true)) {
                    try {
                        b.execute("UPDATE t SET v = 'source' WHERE id = 2");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }).run();

            assertThat(repaired).isTrue();
            Table t = table(report, "t");
            assertThat(t.changed()).as("only the row that still differs is counted").isEqualTo(1);
            assertThat(t.differences()).containsExactly(changed("id=3", "v", "source", "target"));
            assertThat(report.consistency()).isEqualTo("independent servers (or schemas): compared as of now;"
                    + " differences re-checked once; rows written during the comparison may still show");
        }
    }

    @ServerTest
    void aUserSignalHoldsTheComparisonUntilItSaysGoAndTheResultIsStillExact(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE keyed (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)",
                    "INSERT INTO keyed VALUES (1, 'one'), (2, 'two')",
                    "CREATE TABLE keyless (v VARCHAR(10) NULL)", "INSERT INTO keyless VALUES ('x'), ('x'), (NULL)");
            int waits = 3;
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger callsAtFirstProgress = new AtomicInteger();

            ComparisonReport report = between(a, b)
                    .throttle(() -> calls.incrementAndGet() <= waits ? Optional.of("test says wait") : Optional.empty())
                    .listener((table, done, estimate) -> callsAtFirstProgress.compareAndSet(0, calls.get()))
                    .run();

            assertThat(report.identical()).as("%s", report).isTrue();
            assertThat(report.tables()).extracting(Table::method).containsExactlyInAnyOrder(Method.KEYED_CHUNKS, Method.FULL_SCAN);
            assertThat(callsAtFirstProgress.get()).as("no chunk was compared before the signal said go")
                    .isEqualTo(waits + 1);
            assertThat(calls.get()).as("asked %s times while it said wait, then once before the keyed table's one chunk"
                    + " and once before the keyless table's scan (identical: nothing to re-check)", waits)
                    .isEqualTo(waits + 2);
        }
    }

    @ServerTest
    void aBusyServerHoldsTheComparisonUntilItsThreadsRunningFallsBackToTheLimit(DatabaseServer server) throws Exception {
        try (TestDatabase a = TestDatabase.create(server); TestDatabase b = TestDatabase.create(server)) {
            both(a, b, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
            // The limit is the server's Threads_running with nothing of ours running (the reading statement
            // itself, on an idle server 1): one more running statement puts it above the limit.
            long limit = threadsRunning(a);
            AtomicLong sleepEndedAt = new AtomicLong();
            AtomicLong firstProgressAt = new AtomicLong();
            CompletableFuture<Void> busy = CompletableFuture.runAsync(() -> {
                try (Connection c = a.connection(); Statement s = c.createStatement()) {
                    s.executeQuery("SELECT SLEEP(2)").close();
                    sleepEndedAt.set(System.nanoTime());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitThreadsRunningAbove(a, limit);

            ComparisonReport report = between(a, b).maxThreadsRunning((int) limit)
                    .listener((table, done, estimate) -> firstProgressAt.compareAndSet(0, System.nanoTime())).run();

            busy.join();
            assertThat(report.identical()).as("%s", report).isTrue();
            assertThat(firstProgressAt.get()).as("the chunk was compared only after the busy statement ended")
                    .isGreaterThan(sleepEndedAt.get());
        }
    }

    private static long threadsRunning(TestDatabase db) throws SQLException {
        return Long.parseLong(db.query("SHOW GLOBAL STATUS LIKE 'Threads_running'").get(0).get(1).toString());
    }

    private static void awaitThreadsRunningAbove(TestDatabase db, long limit) throws Exception {
        for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline; Thread.sleep(20)) {
            if (threadsRunning(db) > limit) {
                return;
            }
        }
        throw new IllegalStateException("Threads_running did not rise above " + limit + " within 10 s");
    }
}
