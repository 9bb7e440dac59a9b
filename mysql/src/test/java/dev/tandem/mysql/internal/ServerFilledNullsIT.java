package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.Tandem;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/**
 * An old writer's write that leaves a NOT NULL column NULL, and that the server lets through: it stores a value of
 * its own there (0, '', the statement's time, an ENUM's first value) after the BEFORE triggers ran, which saw the
 * NULL. The sync triggers computed the other shape from that NULL, and so kept there what the row does not hold
 * (NULL where it holds 0, NULL where the contract then needs a value), which no verification saw: it ran before.
 */
class ServerFilledNullsIT {

    /**
     * Without a strict {@code sql_mode}, or with {@code UPDATE IGNORE}, or in a multi-row INSERT, a NULL written to a
     * NOT NULL column is stored as the type's implicit value.
     */
    @ServerTest
    void aWriteOutsideStrictModeIsSyncedAsTheRowStoresIt(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-implicit-")).write("V1__accounts.sql", """
                CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NOT NULL, code VARCHAR(20) NOT NULL,
                  tag BINARY(2) NOT NULL, opened DATE NOT NULL, ratio FLOAT NOT NULL);
                INSERT INTO accounts VALUES (1, 5, 'x', 'ab', '2020-01-01', 0.5),
                  (2, 6, 'y', 'cd', '2020-01-02', 0.5);
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__widen.yaml", """
                operations:
                  - alter_column: {table: accounts, column: amount, type: BIGINT, nullable: false}
                  - add_column: {table: accounts, column: label, type: VARCHAR(30), up: "CONCAT('L', code)"}
                  - rename_column: {table: accounts, from: tag, to: badge}
                  - add_column: {table: accounts, column: opened_on, type: VARCHAR(10), up: "CAST(opened AS CHAR)"}
                  - alter_column: {table: accounts, column: ratio, type: VARCHAR(30), nullable: false, up: ratio}
                """);
        try (Tandem v2 = Nodes.node(db, scripts, "2.0.0").load()) {
            assertThat(v2.start().ready()).isTrue();
            try (Connection old = db.connection(); Statement s = old.createStatement()) {
                s.execute("SET SESSION sql_mode = ''");
                s.execute("UPDATE accounts SET amount = NULL, code = NULL, tag = NULL, opened = NULL, ratio = NULL WHERE id = 1");
                s.execute("INSERT INTO accounts VALUES (3, NULL, NULL, NULL, NULL, NULL), (4, 7, 'z', 'ef', '2020-01-04', 0.1)");
                s.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'");
                s.execute("UPDATE IGNORE accounts SET amount = NULL, code = NULL, tag = NULL, opened = NULL, ratio = NULL"
                        + " WHERE id = 2");
            }
            assertThat(db.query("SELECT id, amount, _tandem_amount, code, label, HEX(tag), HEX(badge), opened_on FROM accounts"
                    + " ORDER BY id")).containsExactly(List.of(1L, 0, 0L, "", "L", "0000", "0000", "0000-00-00"),
                    List.of(2L, 0, 0L, "", "L", "0000", "0000", "0000-00-00"), List.of(3L, 0, 0L, "", "L", "0000", "0000", "0000-00-00"),
                    List.of(4L, 7, 7L, "z", "Lz", "6566", "6566", "2020-01-04"));
            // A plain copy of a FLOAT: the written value converted from the column's own type, as the backfill converts
            // it (both servers show a FLOAT as a DOUBLE's text), not through a COALESCE's type.
            assertThat(db.query("SELECT id, _tandem_ratio, CAST(ratio AS CHAR) FROM accounts ORDER BY id")).containsExactly(
                    List.of(1L, "0", "0"), List.of(2L, "0", "0"), List.of(3L, "0", "0"), List.of(4L, "0.10000000149011612", "0.1"));
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT id, amount, label, HEX(badge), opened_on, ratio FROM accounts ORDER BY id"))
                .containsExactly(List.of(1L, 0L, "L", "0000", "0000-00-00", "0"), List.of(2L, 0L, "L", "0000", "0000-00-00", "0"),
                        List.of(3L, 0L, "L", "0000", "0000-00-00", "0"), List.of(4L, 7L, "Lz", "6566", "2020-01-04", "0.10000000149011612"));
    }

    /**
     * In strict mode too, each server fills one NOT NULL column a write leaves NULL: MariaDB a TIMESTAMP set to NULL
     * (with the statement's time; MySQL too, where the session's {@code explicit_defaults_for_timestamp} is off),
     * MySQL an ENUM an INSERT leaves out (with its first value); the other server refuses the write.
     */
    @ServerTest
    void aNullEachServerFillsInStrictModeIsSyncedAsTheRowStoresIt(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-filled-")).write("V1__visits.sql", """
                CREATE TABLE visits (id BIGINT PRIMARY KEY, seen TIMESTAMP(3) NOT NULL DEFAULT '2020-01-01 00:00:00',
                  kind ENUM('web', 'app') NOT NULL);
                INSERT INTO visits VALUES (1, '2020-01-01 00:00:00', 'app');
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__rename.yaml", """
                operations:
                  - rename_column: {table: visits, from: seen, to: seen_at}
                  - rename_column: {table: visits, from: kind, to: channel}
                """);
        boolean mariaDb = db.flavor() == Flavor.MARIADB;
        try (Tandem v2 = Nodes.node(db, scripts, "2.0.0").load()) {
            assertThat(v2.start().ready()).isTrue();
            try (Connection old = db.connection(); Statement s = old.createStatement()) {
                String touch = "UPDATE visits SET seen = NULL WHERE id = 1";
                String leaveOut = "INSERT INTO visits (id) VALUES (2)";
                if (mariaDb) {
                    s.execute(touch);
                    assertThatThrownBy(() -> s.execute(leaveOut)).hasMessageContaining("doesn't have a default value");
                } else {
                    assertThatThrownBy(() -> s.execute(touch)).hasMessageContaining("cannot be null");
                    s.execute(leaveOut);
                    s.execute("SET SESSION explicit_defaults_for_timestamp = OFF");
                    s.execute(touch);
                }
            }
            assertThat(db.queryValue("SELECT COUNT(*) FROM visits WHERE NOT (seen <=> seen_at) OR NOT (kind <=> channel)"))
                    .as("rows whose two shapes differ").isEqualTo(0L);
            assertThat(db.queryValue("SELECT COUNT(*) FROM visits")).isEqualTo(mariaDb ? 1L : 2L);
            assertThat(db.queryValue("SELECT COUNT(*) FROM visits WHERE id = 1 AND seen > '2020-01-01 00:00:00'"))
                    .as("the row the server stamped").isEqualTo(1L);
            assertThat(v2.contract("2")).isTrue();
        }
    }
}
