package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.MigrationState;
import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.util.List;

/** Every failed step leaves a way forward and a way back, and its message names both. */
class WaysOutIT {

    /**
     * The expand failed at its second statement: the rollback ran every rollback statement, and the
     * one undoing the third (never run) failed on a column that was never added — a dead end.
     */
    @ServerTest
    void aRollbackAfterAPartlyFailedExpandUndoesOnlyWhatRan(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-partial-")).write("V1__t.sql",
                "CREATE TABLE t (id BIGINT PRIMARY KEY);\n");
        Nodes.applied(db, scripts);
        List<String> before = db.describeSchema();
        scripts.write("V2__columns.sql", """
                -- tandem:expand
                ALTER TABLE t ADD COLUMN a INT NULL;
                ALTER TABLE no_such_table ADD COLUMN x INT NULL;
                ALTER TABLE t ADD COLUMN b INT NULL;
                -- tandem:rollback
                ALTER TABLE t DROP COLUMN b;
                ALTER TABLE t DROP COLUMN a;
                """);
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("failed in expand at step 2 of 3")
                    .hasMessageContaining("Fix the cause and start again")
                    .hasMessageContaining("Or undo what ran with rollback(\"2\") (tandem rollback 2)");
            v2.rollback("2");
            assertThat(v2.status().migrations().stream().filter(m -> m.version().equals("2")).findFirst().orElseThrow()
                    .state()).isEqualTo(MigrationState.ROLLED_BACK);
        }
        assertThat(db.describeSchema()).isEqualTo(before);
    }

    /**
     * A statement the server refused (a column name mistyped in an UPDATE that fills the new column) fails
     * the expand again on the next start, and the next: on the rerun its "unknown column" was taken for "the
     * interrupted run had applied it", the step passed as done, and the migration became ready with the new
     * column never filled. The way out is the rollback, then a fixed script.
     */
    @ServerTest
    void aRefusedStatementFailsAgainOnEveryStartUntilTheMigrationIsRolledBack(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-refused-")).write("V1__t.sql",
                "CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL);\nINSERT INTO t VALUES (1, 'ada');\n");
        Nodes.applied(db, scripts);
        scripts.write("V2__label.sql", labelFrom("nmae"));
        for (int start = 1; start <= 2; start++) {
            try (Tandem v2 = Nodes.tandem(db, scripts)) {
                assertThatThrownBy(v2::start).as("start %d", start).hasMessageContaining("failed in expand at step 2 of 3")
                        .hasMessageContaining("nmae");
                assertThat(v2.status().migrations().stream().filter(m -> m.version().equals("2")).findFirst().orElseThrow()
                        .state()).isEqualTo(MigrationState.FAILED);
            }
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 't' AND column_name = 'b'")).as("nothing after the refused statement ran").isEqualTo(0L);
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            v2.rollback("2");
        }
        scripts.write("V2__label.sql", labelFrom("name"));
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThat(v2.start().ready()).as("the fixed script, after the rollback").isTrue();
        }
        assertThat(db.queryValue("SELECT label FROM t")).isEqualTo("ADA");
    }

    /** A script that adds {@code label}, filled from {@code column}, then a column {@code b}. */
    private static String labelFrom(String column) {
        return """
                -- tandem:expand
                ALTER TABLE t ADD COLUMN label VARCHAR(30) NULL;
                UPDATE t SET label = UPPER(%s);
                ALTER TABLE t ADD COLUMN b INT NULL;
                -- tandem:rollback
                ALTER TABLE t DROP COLUMN b;
                ALTER TABLE t DROP COLUMN label;
                """.formatted(column);
    }

    /**
     * drop_column of a column in a foreign key expanded, then its contract failed (the server will not
     * drop it under the key) and the migration could neither be rolled back nor left. Refused before.
     */
    @ServerTest
    void dropColumnOfAForeignKeyColumnIsRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        Refusal.refusedBeforeTheExpand(db, """
                CREATE TABLE customers (id BIGINT PRIMARY KEY);
                CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NULL,
                  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id));
                """, "  - drop_column: {table: orders, column: customer_id}\n",
                "customer_id is part of the foreign key orders_customer", "Drop the key first");
    }
}
