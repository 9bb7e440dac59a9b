package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.internal.engine.EngineAccess;
import dev.tandem.internal.engine.StepHook;
import dev.tandem.Tandem;
import dev.tandem.spi.Phase;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What schemas in the wild bring: a database whose default character set is not the tables', names
 * outside ASCII, columns that update themselves, keys and NULLs that an operation must not break.
 */
class RealSchemaIT {

    private static final List<String> NAMES = List.of("Łukasz", "山田", "Дмитрий", "Zoë 😀");

    /**
     * The database defaults to latin1, the table is utf8mb4: old code's writes of text latin1 cannot
     * hold went through the sync triggers' local variables and failed (error 1366) before the fix.
     */
    @ServerTest
    void oldWritesOfTextOutsideTheDatabasesDefaultCharacterSetSucceed(TestDatabase db) throws Exception {
        db.execute("ALTER DATABASE `" + db.name() + "` CHARACTER SET latin1 COLLATE latin1_swedish_ci");
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-charset-")).write("V1__people.sql", """
                CREATE TABLE people (id BIGINT PRIMARY KEY, display_name VARCHAR(250) NOT NULL, bio TEXT NULL)
                  DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
                INSERT INTO people VALUES (1, 'Ada', NULL);
                """).write("V2__upper.yaml", """
                operations:
                  - add_column: {table: people, column: shout, type: VARCHAR(250), up: "UPPER(display_name)"}
                  - rename_column: {table: people, from: bio, to: biography}
                """);
        try (Tandem v2 = Nodes.tandem(db, scripts); Connection old = db.connection(); Statement s = old.createStatement()) {
            v2.start();
            int id = 10;
            for (String name : NAMES) {
                s.execute("INSERT INTO people (id, display_name, bio) VALUES (" + id + ", '" + name + "', '" + name + "')");
                s.execute("UPDATE people SET bio = CONCAT(bio, '!') WHERE id = " + id++);
            }
            s.execute("UPDATE people SET display_name = 'Åsa' WHERE id = 1");
            assertThat(db.query("SELECT display_name, shout, biography FROM people WHERE id >= 10 ORDER BY id"))
                    .containsExactly(List.of("Łukasz", "ŁUKASZ", "Łukasz!"), List.of("山田", "山田", "山田!"),
                            List.of("Дмитрий", "ДМИТРИЙ", "Дмитрий!"), List.of("Zoë 😀", "ZOË 😀", "Zoë 😀!"));
            assertThat(db.queryValue("SELECT shout FROM people WHERE id = 1")).isEqualTo("ÅSA");
        }
    }

    /** up naming a column outside ASCII: the trigger declared no local for it and old inserts failed. */
    @ServerTest
    void expressionsMayNameColumnsOutsideAscii(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-names-")).write("V1__kunden.sql", """
                CREATE TABLE kundén (id BIGINT PRIMARY KEY, straße VARCHAR(50) NOT NULL) DEFAULT CHARSET=utf8mb4;
                INSERT INTO kundén VALUES (1, 'Hauptstraße');
                """).write("V2__gross.yaml", """
                operations:
                  - add_column: {table: kundén, column: groß, type: VARCHAR(50), up: "UPPER(straße)"}
                """);
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            v2.start();
            db.execute("INSERT INTO kundén (id, straße) VALUES (2, 'Gänseweg')");
            assertThat(db.query("SELECT groß FROM kundén ORDER BY id"))
                    .containsExactly(List.of("HAUPTSTRASSE".equals(db.queryValue("SELECT UPPER('Hauptstraße')"))
                            ? "HAUPTSTRASSE" : "HAUPTSTRAßE"), List.of("GÄNSEWEG"));
        }
    }

    /** The backfill wrote every row, and the server stamped each one's ON UPDATE column with the time. */
    @ServerTest
    void theBackfillLeavesColumnsThatUpdateThemselvesAlone(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-stamp-")).write("V1__posts.sql", """
                CREATE TABLE posts (id BIGINT PRIMARY KEY, title VARCHAR(50) NOT NULL,
                  modified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);
                INSERT INTO posts VALUES (1, 'Hello', '2020-01-01 00:00:00'), (2, 'World', '2020-01-01 00:00:00');
                """).write("V2__slug.yaml", """
                operations:
                  - add_column: {table: posts, column: slug, type: VARCHAR(50), up: "LOWER(title)"}
                """);
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            v2.start();
        }
        assertThat(db.query("SELECT slug, CAST(modified AS CHAR) FROM posts ORDER BY id")).containsExactly(
                List.of("hello", "2020-01-01 00:00:00"), List.of("world", "2020-01-01 00:00:00"));
    }

    /**
     * The swap drops the old column; for a key column both servers then silently shrink the key.
     * Refused before anything changes.
     */
    @ServerTest
    void alterColumnRefusesAPrimaryKeyColumnAndChangesNothing(TestDatabase db) throws Exception {
        Refusal.refusedBeforeTheExpand(db, """
                CREATE TABLE log (id BIGINT NOT NULL, t DATETIME NOT NULL, msg VARCHAR(20), PRIMARY KEY (id, t));
                """, "  - alter_column: {table: log, column: t, type: TIMESTAMP, nullable: false}\n",
                "t is part of the primary key of log");
    }

    /** NOT NULL asked of a NULL-able column without saying what old code's NULLs become: refused first. */
    @ServerTest
    void alterColumnToNotNullNeedsToKnowWhatNullBecomes(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-nulls-")).write("V1__posts.sql", """
                CREATE TABLE posts (id BIGINT PRIMARY KEY, comment_count INT NULL);
                INSERT INTO posts VALUES (1, 3), (2, NULL);
                """);
        Nodes.applied(db, scripts);
        List<String> before = db.describeSchema();
        scripts.write("V2__count.yaml", "operations:\n  - alter_column: {table: posts, column: comment_count, type: BIGINT,"
                + " nullable: false, default: '0'}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("old code may still write NULL")
                    .hasMessageContaining("COALESCE(comment_count, 0)");
        }
        assertThat(db.describeSchema()).isEqualTo(before);
        scripts.write("V2__count.yaml", "operations:\n  - alter_column: {table: posts, column: comment_count, type: BIGINT,"
                + " nullable: false, default: '0', up: \"COALESCE(comment_count, 0)\"}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            v2.start();
            db.execute("INSERT INTO posts (id, comment_count) VALUES (3, NULL)");
            v2.contract("2");
        }
        assertThat(db.query("SELECT id, comment_count FROM posts ORDER BY id"))
                .containsExactly(List.of(1L, 3L), List.of(2L, 0L), List.of(3L, 0L));
    }

    /**
     * Between the swap and the NOT NULL, new code inserts a row without the column: before the fix the
     * column had no default there, the row stored NULL and the NOT NULL failed, leaving the migration
     * FAILED with a NULL-able column.
     */
    @ServerTest
    void anInsertBetweenTheSwapAndTheNotNullGetsTheDefault(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-default-")).write("V1__posts.sql", """
                CREATE TABLE posts (id BIGINT PRIMARY KEY, comment_count INT NOT NULL DEFAULT 0, title VARCHAR(20));
                INSERT INTO posts VALUES (1, 3, 'a');
                """).write("V2__count.yaml", "operations:\n  - alter_column: {table: posts, column: comment_count,"
                + " type: BIGINT, nullable: false, default: '0'}\n");
        try (Connection app = db.connection();
             Tandem v2 = EngineAccess.stepHook(Nodes.configure().url(db.url()).user(db.user()).password(db.password())
                     .appVersion("2.0.0").locations(scripts.location()), new StepHook() {
                         @Override
                         public void beforeStep(String version, Phase phase, int index) {
                             if (phase == Phase.CONTRACT) {
                                 insert(app, "INSERT INTO posts (id, title) VALUES (" + (100 + index) + ", 'omits it')");
                             }
                         }
                     }).load()) {
            v2.start();
            v2.contract("2");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM posts WHERE comment_count = 0 AND id >= 100")).isEqualTo(
                db.queryValue("SELECT COUNT(*) FROM posts WHERE id >= 100"));
        assertThat(db.query("SELECT is_nullable, column_default FROM information_schema.columns WHERE table_schema ="
                + " DATABASE() AND table_name = 'posts' AND column_name = 'comment_count'").get(0).get(0)).isEqualTo("NO");
    }

    /**
     * VARCHAR(100) to VARCHAR(10) expanded without a word, and from then on old code's valid writes of
     * long names failed in the sync trigger ("Data too long for column '_tandem_name'").
     */
    @ServerTest
    void aNarrowingTypeChangeNeedsAnUpThatSaysWhatDoesNotFit(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-narrow-")).write("V1__users.sql", """
                CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, amount INT NOT NULL);
                INSERT INTO users VALUES (1, 'Ada', -5), (2, 'a name longer than ten', 7);
                """);
        Nodes.applied(db, scripts);
        List<String> before = db.describeSchema();
        scripts.write("V2__narrow.yaml", "operations:\n  - alter_column: {table: users, column: name, type: VARCHAR(10),"
                + " nullable: false}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("VARCHAR(100) utf8mb4 to VARCHAR(10) utf8mb4")
                    .hasMessageContaining("Say in 'up' what such values become").hasMessageContaining("Nothing was changed");
        }
        scripts.write("V2__narrow.yaml", "operations:\n  - alter_column: {table: users, column: amount, type: INT UNSIGNED,"
                + " nullable: false}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("INT to INT UNSIGNED: values outside 0..4294967295");
        }
        scripts.write("V2__narrow.yaml", "operations:\n  - alter_column: {table: users, column: amount, type: INT UNSIGNED,"
                + " nullable: false, up: \"amount - 10\"}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).as("an up that does not fit a row there is").hasMessageContaining("does not fit");
        }
        assertThat(db.describeSchema()).isEqualTo(before);

        scripts.write("V2__narrow.yaml", "operations:\n  - alter_column: {table: users, column: name, type: VARCHAR(10),"
                + " nullable: false, up: \"LEFT(name, 10)\"}\n");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            v2.start();
            db.execute("INSERT INTO users (id, name, amount) VALUES (3, 'another long name from v1', 1)");
            v2.contract("2");
        }
        assertThat(db.query("SELECT name FROM users ORDER BY id"))
                .containsExactly(List.of("Ada"), List.of("a name lon"), List.of("another lo"));
    }

    /** A default the server refuses failed only at the contract, after the schema had changed. */
    @ServerTest
    void aDefaultTheServerRefusesStopsTheMigrationBeforeTheExpand(TestDatabase db) throws Exception {
        Refusal.refusedBeforeTheExpand(db, "CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(20));\n",
                "  - add_column: {table: t, column: flag, type: INT, nullable: false, default: \"'yes'\", up: \"1\"}\n",
                "does not accept the column definition 'INT NOT NULL DEFAULT 'yes''");
    }

    /**
     * add_column with a default that is an expression and no up: MySQL adds such a column only by copying
     * the table, and the migration failed at its first step; now it is refused before the expand, naming
     * the fix (up with the same expression), which then completes. MariaDB adds it in place.
     */
    @ServerTest
    void anExpressionDefaultWithoutUpIsRefusedOnMySqlBeforeTheExpandWithTheFixThatWorks(TestDatabase db) throws Exception {
        String schema = "CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(20));\nINSERT INTO t VALUES (1, 'ada');\n";
        String operation = "  - add_column: {table: t, column: tag, type: VARCHAR(20),"
                + " default: \"(CONCAT('a', 'b'))\"%s}\n";
        ScriptDir scripts;
        if (db.flavor() == Flavor.MYSQL) {
            scripts = Refusal.refusedBeforeTheExpand(db, schema, operation.formatted(""), "V2__refused.yaml line 2",
                    "MySQL adds tag with the default (CONCAT('a', 'b')), an expression, only by copying the table",
                    "Give the operation up: \"CONCAT('a', 'b')\" as well");
            scripts.write("V2__refused.yaml", "operations:\n" + operation.formatted(", up: \"CONCAT('a', 'b')\""));
        } else {
            scripts = new ScriptDir(Files.createTempDirectory("tandem-default-")).write("V1__schema.sql", schema)
                    .write("V2__added.yaml", "operations:\n" + operation.formatted(""));
        }
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            v2.start();
            assertThat(v2.contract("2")).isTrue();
        }
        db.execute("INSERT INTO t (id, name) VALUES (2, 'bob')");
        assertThat(db.query("SELECT id, tag FROM t ORDER BY id")).containsExactly(List.of(1L, "ab"), List.of(2L, "ab"));
    }

    /** Renaming, altering or dropping a column a generated column reads failed at the contract; now before the expand. */
    @ServerTest
    void aColumnAGeneratedColumnReadsIsRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-generated-")).write("V1__people.sql", """
                CREATE TABLE people (id BIGINT PRIMARY KEY, first VARCHAR(20) NOT NULL, last VARCHAR(20) NOT NULL,
                  full_name VARCHAR(41) AS (CONCAT(first, ' ', last)) STORED);
                """);
        Nodes.applied(db, scripts);
        List<String> before = db.describeSchema();
        for (String operation : List.of("rename_column: {table: people, from: first, to: given}",
                "alter_column: {table: people, column: last, type: VARCHAR(40), nullable: false}",
                "drop_column: {table: people, column: first, down: \"''\"}")) {
            scripts.write("V2__op.yaml", "operations:\n  - " + operation + "\n");
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                assertThatThrownBy(v2::start).as(operation).hasMessageContaining("the generated column full_name is computed from");
            }
        }
        assertThat(db.describeSchema()).isEqualTo(before);
    }

    /**
     * Old code in a permissive sql_mode (WordPress drops NO_ZERO_DATE) stores zero dates. The sync
     * triggers kept the strict mode of the session that created them, so copying such a value failed
     * the old write ("Incorrect datetime value").
     */
    @ServerTest
    void oldCodeInAPermissiveSqlModeKeepsWritingZeroDates(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-zero-")).write("V1__posts.sql",
                "CREATE TABLE posts (id BIGINT PRIMARY KEY, published DATETIME NULL, title VARCHAR(20) NULL);\n");
        Nodes.applied(db, scripts);
        try (Connection old = db.connection(); Statement s = old.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("INSERT INTO posts VALUES (1, '0000-00-00 00:00:00', 'draft'), (2, '2024-00-10 00:00:00', 'odd')");
            scripts.write("V2__dates.yaml", """
                    operations:
                      - rename_column: {table: posts, from: published, to: published_at}
                      - add_column: {table: posts, column: shown, type: VARCHAR(30), up: "CONCAT(title, ' ', published)"}
                    """);
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                v2.start();
                s.execute("INSERT INTO posts (id, published, title) VALUES (3, '0000-00-00 00:00:00', 'new draft')");
                s.execute("UPDATE posts SET published = '0000-00-00 00:00:00' WHERE id = 2");
                v2.contract("2");
            }
        }
        assertThat(db.query("SELECT id, CAST(published_at AS CHAR), shown FROM posts ORDER BY id")).containsExactly(
                List.of(1L, "0000-00-00 00:00:00", "draft 0000-00-00 00:00:00"),
                List.of(2L, "0000-00-00 00:00:00", "odd 0000-00-00 00:00:00"),
                List.of(3L, "0000-00-00 00:00:00", "new draft 0000-00-00 00:00:00"));
    }

    /** Hiding the unique index InnoDB clusters a table without primary key on failed half way through the expand. */
    @ServerTest
    void dropIndexRefusesTheIndexATableWithoutPrimaryKeyIsClusteredOn(TestDatabase db) throws Exception {
        Refusal.refusedBeforeTheExpand(db, """
                CREATE TABLE codes (code VARCHAR(10) NOT NULL, label VARCHAR(20) NULL, UNIQUE KEY codes_code (code));
                """, "  - drop_index: {table: codes, name: codes_code}\n",
                "uses the unique index codes_code over NOT NULL columns as its clustered key");
    }

    /**
     * Key columns named in another case than the table names them (column names are not case sensitive;
     * table names are, on Linux): rename and copy a column of a
     * composite primary key, of a unique key and of a foreign key; the keys stay whole.
     */
    @ServerTest
    void keyColumnsAndNamesInAnotherCaseMoveWithTheirKeys(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-keys-")).write("V1__keys.sql", """
                CREATE TABLE owners (id BIGINT PRIMARY KEY);
                CREATE TABLE items (Shop BIGINT NOT NULL, Sku VARCHAR(20) NOT NULL, Code VARCHAR(10) NOT NULL,
                  Owner BIGINT NULL, PRIMARY KEY (Shop, Sku), UNIQUE KEY items_code (Code),
                  CONSTRAINT items_owner FOREIGN KEY (Owner) REFERENCES owners (id)) DEFAULT CHARSET=utf8mb4;
                INSERT INTO owners VALUES (1), (2);
                INSERT INTO items VALUES (1, 'a', 'X1', 1), (1, 'b', 'X2', NULL);
                """).write("V2__keys.yaml", """
                operations:
                  - rename_column: {table: items, from: sku, to: article}
                  - rename_column: {table: items, from: CODE, to: barcode}
                  - rename_column: {table: items, from: owner, to: owner_id}
                  - add_column: {table: items, column: label, type: VARCHAR(40), up: "CONCAT(SHOP, '-', SKU, '-', code)"}
                """);
        try (Tandem v2 = Nodes.tandem(db, scripts); Connection old = db.connection(); Statement s = old.createStatement()) {
            v2.start();
            s.execute("INSERT INTO items (Shop, Sku, Code, Owner) VALUES (2, 'c', 'X3', 2)");
            s.execute("UPDATE items SET Code = 'X9', Owner = 2 WHERE Shop = 1 AND Sku = 'b'");
            v2.contract("2");
        }
        assertThat(db.query("SELECT Shop, article, barcode, owner_id, label FROM items ORDER BY Shop, article")).containsExactly(
                List.of(1L, "a", "X1", 1L, "1-a-X1"), List.of(1L, "b", "X9", 2L, "1-b-X9"), List.of(2L, "c", "X3", 2L, "2-c-X3"));
        assertThat(db.query("SELECT index_name, GROUP_CONCAT(column_name ORDER BY seq_in_index) FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND table_name = 'items' AND index_name IN ('PRIMARY', 'items_code')"
                + " GROUP BY index_name")).containsExactlyInAnyOrder(List.of("PRIMARY", "Shop,article"),
                List.of("items_code", "barcode"));
        assertThatThrownBy(() -> db.execute("INSERT INTO items (Shop, article, barcode, owner_id) VALUES (3, 'd', 'X4', 7)"))
                .as("the foreign key holds on the renamed column").hasMessageContaining("foreign key constraint");
    }

    /**
     * New code that omits a column relying on its default: rename_column's new column had no default
     * (the trigger then copied NULL into the NOT NULL old column and the insert failed), and
     * add_column's default arrived only at the contract (the row stored NULL and the NOT NULL failed).
     */
    @ServerTest
    void newCodeThatOmitsAColumnWithADefaultGetsTheDefault(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-omit-")).write("V1__posts.sql", """
                CREATE TABLE posts (id BIGINT PRIMARY KEY, title VARCHAR(20) NOT NULL, hits INT NOT NULL DEFAULT 7);
                INSERT INTO posts VALUES (1, 'old', 3);
                """).write("V2__posts.yaml", """
                operations:
                  - rename_column: {table: posts, from: hits, to: views}
                  - add_column: {table: posts, column: slug, type: VARCHAR(20), nullable: false, default: "'-'", up: "LOWER(title)"}
                """);
        try (Tandem v2 = Nodes.tandem(db, scripts); Connection fresh = v2.dataSource().getConnection();
             Statement s = fresh.createStatement()) {
            v2.start();
            s.execute("INSERT INTO posts (id, title) VALUES (2, 'new')");
            v2.contract("2");
            s.execute("INSERT INTO posts (id, title) VALUES (3, 'after')");
        }
        assertThat(db.query("SELECT id, views, slug FROM posts ORDER BY id"))
                .containsExactly(List.of(1L, 3, "old"), List.of(2L, 7, "-"), List.of(3L, 7, "-"));
    }

    private static void insert(Connection connection, String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
