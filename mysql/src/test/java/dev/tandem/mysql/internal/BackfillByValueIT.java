package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * What a backfill compares a row's new shape with ({@link StoredValue}), end to end: the values new code reads once
 * the migration is ready.
 */
class BackfillByValueIT {

    /**
     * A table that holds zero dates, as one written outside a strict {@code sql_mode} may: on MariaDB the backfill took
     * a zero TIMESTAMP for the NULL of a column not written yet (through a DATETIME, its UNIX_TIMESTAMP is NULL), and
     * never copied it: the renamed column held NULL.
     */
    @ServerTest
    void aZeroTimestampIsCopiedNotTakenForAColumnNotWrittenYet(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-zero-")).write("V1__events.sql", """
                CREATE TABLE events (id BIGINT PRIMARY KEY, at TIMESTAMP NULL, day DATE);
                """);
        Nodes.applied(db, scripts);
        try (Connection old = db.connection(); Statement s = old.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("INSERT INTO events VALUES (1, '0000-00-00 00:00:00', '0000-00-00'), (2, '2020-01-01 00:00:00', '2020-01-01'),"
                    + " (3, NULL, NULL)");
        }
        scripts.write("V2__rename.yaml", """
                operations:
                  - rename_column: {table: events, from: at, to: happened_at}
                  - alter_column: {table: events, column: day, type: DATETIME}
                """);
        try (Tandem v2 = Nodes.node(db, scripts, "2.0.0").load()) {
            assertThat(v2.start().ready()).isTrue();
            // What new code reads while old code still runs: the values the old columns hold.
            assertThat(db.query("SELECT id, CAST(happened_at AS CHAR), CAST(_tandem_day AS CHAR) FROM events ORDER BY id"))
                    .containsExactly(List.of(1L, "0000-00-00 00:00:00", "0000-00-00 00:00:00"),
                            List.of(2L, "2020-01-01 00:00:00", "2020-01-01 00:00:00"), Arrays.asList(3L, null, null));
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT id, CAST(happened_at AS CHAR), CAST(day AS CHAR) FROM events ORDER BY id")).containsExactly(
                List.of(1L, "0000-00-00 00:00:00", "0000-00-00 00:00:00"), List.of(2L, "2020-01-01 00:00:00", "2020-01-01 00:00:00"),
                Arrays.asList(3L, null, null));
    }

    /**
     * A SET's values are compared by presence only (text in another order, or a number, is stored as another SET
     * value), and a rename's new column holds the old one's default: a check for NULL found nothing to write, and new
     * code read the default in every row.
     */
    @ServerTest
    void aRenamedSetWithADefaultIsWrittenInEveryRow(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-set-")).write("V1__posts.sql", """
                CREATE TABLE posts (id BIGINT PRIMARY KEY, flags SET('pinned','locked') NOT NULL DEFAULT '');
                INSERT INTO posts VALUES (1, 'pinned,locked'), (2, 'locked'), (3, '');
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__rename.yaml", """
                operations:
                  - rename_column: {table: posts, from: flags, to: labels}
                """);
        try (Tandem v2 = Nodes.node(db, scripts, "2.0.0").load()) {
            assertThat(v2.start().ready()).isTrue();
            assertThat(db.query("SELECT id, labels FROM posts ORDER BY id")).containsExactly(List.of(1L, "pinned,locked"),
                    List.of(2L, "locked"), List.of(3L, ""));
        }
    }
}
