package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;

/**
 * Keys whose values compare with a bound unlike their index orders them, walked in chunks: every row is
 * backfilled, copied and verified, none left past the last chunk's bound. An ENUM sorts by its position
 * and compares with text by its name; a BIGINT above 2^53 or a DECIMAL of more digits than a double holds
 * compares with text as a double. Three thousand rows, so that the walk takes several chunks. A FLOAT,
 * whose text is not its value, is no key to walk.
 */
class KeyTypesIT {

    private static final String DIGITS = """
            CREATE TABLE digits (d INT PRIMARY KEY);
            INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
            CREATE VIEW numbers AS SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS n
              FROM digits a, digits b, digits c, digits e;
            """;
    /** Ids that doubles cannot tell apart, each with a line that falls as the id rises. */
    private static final String BIG_IDS_THEN_LINES = """
            CREATE TABLE items (id BIGINT UNSIGNED NOT NULL, line INT NOT NULL, note VARCHAR(40) NOT NULL,
              PRIMARY KEY (id, line));
            INSERT INTO items SELECT 1152921504606846976 + n, 3001 - n, CONCAT('item ', n) FROM numbers WHERE n <= 3000;
            """;
    private static final String ADD_LABEL = """
            operations:
              - add_column: {table: items, column: label, type: VARCHAR(80), up: "CONCAT('#', note)"}
            """;

    @ServerTest
    void anEnumInACompositeKeyIsWalkedByItsPosition(TestDatabase db) throws Exception {
        copiesEveryRow(db, """
                CREATE TABLE items (user_id INT NOT NULL, kind ENUM('like', 'follow', 'block') NOT NULL,
                  note VARCHAR(40) NOT NULL, PRIMARY KEY (user_id, kind));
                INSERT INTO items SELECT n, k.kind, CONCAT('item ', n, ' ', k.kind) FROM numbers,
                  (SELECT 'like' AS kind UNION ALL SELECT 'follow' UNION ALL SELECT 'block') k WHERE n <= 1000;
                """, 3_000);
    }

    @ServerTest
    void anEnumInACompositeKeyIsWalkedByItsPositionInPlaceToo(TestDatabase db) throws Exception {
        fillsEveryRowInPlace(db, """
                CREATE TABLE items (user_id INT NOT NULL, kind ENUM('like', 'follow', 'block') NOT NULL,
                  note VARCHAR(40) NOT NULL, PRIMARY KEY (user_id, kind));
                INSERT INTO items SELECT n, k.kind, CONCAT('item ', n, ' ', k.kind) FROM numbers,
                  (SELECT 'like' AS kind UNION ALL SELECT 'follow' UNION ALL SELECT 'block') k WHERE n <= 1000;
                """, 3_000);
    }

    @ServerTest
    void bigintsAbove2To53InACompositeKeyAreWalkedExactly(TestDatabase db) throws Exception {
        copiesEveryRow(db, """
                CREATE TABLE items (tenant INT NOT NULL, id BIGINT UNSIGNED NOT NULL, note VARCHAR(40) NOT NULL,
                  PRIMARY KEY (tenant, id));
                INSERT INTO items SELECT 1, 1152921504606846976 + n, CONCAT('item ', n) FROM numbers WHERE n <= 3000;
                """, 3_000);
    }

    /**
     * A BIGINT above 2^53 before another key column: bound as text, the server compared doubles, took
     * neighbouring ids for equal and let the second column decide, so rows of ids just below a bound whose
     * line was larger fell outside every chunk: not copied (the swap dropped them), or not filled in place.
     * MySQL compared so; MariaDB compared the numbers.
     */
    @ServerTest
    void bigintsAbove2To53BeforeAnotherKeyColumnAreWalkedExactly(TestDatabase db) throws Exception {
        copiesEveryRow(db, BIG_IDS_THEN_LINES, 3_000);
    }

    @ServerTest
    void bigintsAbove2To53BeforeAnotherKeyColumnAreWalkedExactlyInPlaceToo(TestDatabase db) throws Exception {
        fillsEveryRowInPlace(db, BIG_IDS_THEN_LINES, 3_000);
    }

    @ServerTest
    void aDecimalKeyOfMoreDigitsThanADoubleHoldsIsWalkedExactly(TestDatabase db) throws Exception {
        copiesEveryRow(db, """
                CREATE TABLE items (id DECIMAL(25, 0) NOT NULL PRIMARY KEY, note VARCHAR(40) NOT NULL);
                INSERT INTO items SELECT 100000000000000000000 + n, CONCAT('item ', n) FROM numbers WHERE n <= 3000;
                """, 3_000);
    }

    @ServerTest
    void aTableKeyedOnlyByAFloatIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-keys-")).write("V1__items.sql", """
                CREATE TABLE items (score FLOAT NOT NULL PRIMARY KEY, note VARCHAR(40) NOT NULL);
                INSERT INTO items VALUES (0.1, 'a'), (0.2, 'b'), (0.3, 'c');
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__label.yaml", ADD_LABEL);
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("items has no primary key and no unique key over NOT NULL"
                    + " columns (other than FLOAT or DOUBLE ones").hasMessageContaining("Nothing was changed");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'items' AND column_name = 'label'")).isEqualTo(0L);
    }

    private static void fillsEveryRowInPlace(TestDatabase db, String table, long rows) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-keys-")).write("V1__items.sql", DIGITS + table);
        Nodes.applied(db, scripts);
        scripts.write("V2__label.yaml", ADD_LABEL.replace("}", ", strategy: in_place}"));
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM items WHERE label <=> CONCAT('#', note)"))
                .as("every row has its value").isEqualTo(rows);
    }

    private static void copiesEveryRow(TestDatabase db, String table, long rows) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-keys-")).write("V1__items.sql", DIGITS + table);
        Nodes.applied(db, scripts);
        assertThat(db.queryValue("SELECT COUNT(*) FROM items")).isEqualTo(rows);
        scripts.write("V2__label.yaml", ADD_LABEL);
        try (Tandem v2 = Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                .locations(scripts.location()).copyExpandThreshold(0).load()) {
            assertThat(v2.start().ready()).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM _tandem_2_items_label_old")).as("the table was copied").isEqualTo(rows);
        assertThat(db.queryValue("SELECT COUNT(*) FROM items")).as("every row came into the copy").isEqualTo(rows);
        assertThat(db.queryValue("SELECT COUNT(*) FROM items WHERE label <=> CONCAT('#', note)"))
                .as("every row has its value").isEqualTo(rows);
    }
}
