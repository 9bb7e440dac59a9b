package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/**
 * A copy-based backfill of a table that carries other sync triggers than its column's: those of an earlier
 * migration not contracted yet (which renames {@code email} to {@code mail}, itself copied), and of the other
 * column of its own migration (which adds {@code display} and {@code initial}, each backfilled by a copy). Each
 * copy carries every sync trigger over under its pair's other name, in its place, old and new code writing
 * throughout; the triggers go on syncing both ways after the swaps, and contract and rollback drop them under
 * whichever name they have. (An earlier migration's add_column with up would keep a copy off the table: its
 * triggers keep values new code wrote, which a carried row would lose; {@code CopySafetyTest}.)
 */
class CopyCarriesSyncTriggersIT {

    private static final int ROWS = 30_000;
    private static final String V2 = """
            operations:
              - rename_column: {table: customers, from: email, to: mail, strategy: copy}
            """;
    private static final String V3 = """
            operations:
              - add_column: {table: customers, column: display, type: VARCHAR(120), up: "CONCAT('#', name)", strategy: copy}
              - add_column: {table: customers, column: initial, type: VARCHAR(4), up: "LEFT(name, 1)", strategy: copy}
            """;
    /** The sync triggers after the three copies, per event in their firing order: each pair moved at each copy. */
    private static final List<List<Object>> TRIGGERS_AFTER = List.of(
            List.of("INSERT", "_tandem_2_customers_mail_ni"), List.of("INSERT", "_tandem_3_customers_display_bi"),
            List.of("INSERT", "_tandem_3_customers_initial_bi"),
            List.of("UPDATE", "_tandem_2_customers_mail_nu"), List.of("UPDATE", "_tandem_3_customers_display_bu"),
            List.of("UPDATE", "_tandem_3_customers_initial_bu"));

    private static ScriptDir expanded(TestDatabase db) throws Exception {
        ScriptDir scripts = CopyExpandIT.scripts(ROWS).write("V1_1__email.sql", """
                ALTER TABLE customers ADD COLUMN email VARCHAR(100) NULL;
                UPDATE customers SET email = CONCAT(id, '@example.com');
                """);
        Nodes.applied(db, scripts);
        scripts.write("V2__mail.yaml", V2);
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            assertThat(v2.start().ready()).isTrue();
        }
        assertThat(triggers(db)).as("the earlier migration's copy moved its triggers to their other names")
                .containsExactly(List.of("INSERT", "_tandem_2_customers_mail_ni"),
                        List.of("UPDATE", "_tandem_2_customers_mail_nu"));
        scripts.write("V3__display_initial.yaml", V3);
        return scripts;
    }

    @ServerTest
    void eachCopyCarriesEverySyncTriggerAndTheyKeepSyncingBothWaysUntilTheContract(TestDatabase db) throws Exception {
        ScriptDir scripts = expanded(db);
        WriteLedger ledger = new WriteLedger(ROWS, 3, () -> CopyExpandIT.connection(db, null), 1,
                () -> CopyExpandIT.connection(db, "0000000003"));
        List<String> differences;
        try (ledger; Tandem v3 = Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("3.0.0")
                .locations(scripts.location()).copyExpandThreshold(0).load()) {
            assertThat(v3.start().ready()).isTrue();
            Thread.sleep(500); // writes after the last swap
        }
        try (Connection c = db.connection()) {
            differences = ledger.differences(c);
        }
        assertThat(ledger.failureMessages()).as("no write failed").isEmpty();
        assertThat(ledger.writes()).as("writers ran during the copies").isGreaterThan(100);
        assertThat(ledger.wrongReads()).isZero();
        assertThat(differences).as("every acknowledged write, display as up or new code gave it").isEmpty();
        assertThat(tables(db)).as("both columns were copied, each swapped in; the earlier copy's old table stays")
                .containsExactly("_tandem_2_customers_mail_old", "_tandem_3_customers_display_old",
                        "_tandem_3_customers_initial_old");
        assertThat(triggers(db)).as("every sync trigger, on the table only, in its order").isEqualTo(TRIGGERS_AFTER);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE display NOT LIKE 'v2 %'"
                + " AND NOT (initial <=> LEFT(name, 1))")).as("the second column, for old code's rows").isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE NOT (mail <=> email)")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE id <= " + ROWS + " AND email IS NULL")).isEqualTo(0L);

        syncsBothWays(db);

        try (Tandem v3 = Nodes.tandem(db, scripts)) {
            assertThat(v3.contract("2")).isTrue();
            assertThat(v3.contract("3")).isTrue();
        }
        assertThat(triggers(db)).as("the contracts dropped them under the names they had").isEmpty();
        assertThat(tables(db)).isEmpty();
        assertThat(db.queryValue("SELECT mail FROM customers WHERE id = 17")).isEqualTo("17@example.com");
    }

    @ServerTest
    void rollbacksDropTheCarriedTriggersUnderTheNamesTheyHave(TestDatabase db) throws Exception {
        ScriptDir scripts = expanded(db);
        try (Tandem v3 = Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("3.0.0")
                .locations(scripts.location()).copyExpandThreshold(0).load()) {
            assertThat(v3.start().ready()).isTrue();
        }
        assertThat(triggers(db)).isEqualTo(TRIGGERS_AFTER);
        try (Tandem v3 = Nodes.tandem(db, scripts)) {
            v3.rollback("3");
        }
        assertThat(triggers(db)).as("the earlier migration's stay, under their names")
                .containsExactly(List.of("INSERT", "_tandem_2_customers_mail_ni"),
                        List.of("UPDATE", "_tandem_2_customers_mail_nu"));
        db.execute("INSERT INTO customers (name, email) VALUES ('Olga', 'olga@old')");
        assertThat(db.queryValue("SELECT mail FROM customers WHERE name = 'Olga'")).isEqualTo("olga@old");
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            v2.rollback("2");
        }
        assertThat(triggers(db)).isEmpty();
        assertThat(tables(db)).isEmpty();
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers' AND column_name IN ('initial', 'display', 'mail')")).isEqualTo(0L);
    }

    /** Old code (untagged) and new code (tagged 3) write after the swaps: each one's writes reach the other's shape. */
    private static void syncsBothWays(TestDatabase db) throws Exception {
        try (Connection old = CopyExpandIT.connection(db, null); Connection v3 = CopyExpandIT.connection(db, "0000000003");
             Statement o = old.createStatement(); Statement n = v3.createStatement()) {
            o.execute("INSERT INTO customers (name, email) VALUES ('Zed Old', 'zed@old')");
            n.execute("INSERT INTO customers (name, display, mail, initial) VALUES ('Ann New', 'v3 Ann', 'ann@new', 'A')");
            assertThat(db.query("SELECT initial, display, mail FROM customers WHERE name = 'Zed Old'"))
                    .containsExactly(List.of("Z", "#Zed Old", "zed@old"));
            assertThat(db.queryValue("SELECT email FROM customers WHERE name = 'Ann New'")).isEqualTo("ann@new");
            o.execute("UPDATE customers SET email = 'ann@old' WHERE name = 'Ann New'");
            n.execute("UPDATE customers SET mail = 'zed@new' WHERE name = 'Zed Old'");
            o.execute("UPDATE customers SET name = 'Yan Old' WHERE name = 'Zed Old'");
        }
        assertThat(db.queryValue("SELECT mail FROM customers WHERE name = 'Ann New'")).isEqualTo("ann@old");
        assertThat(db.query("SELECT initial, display, email FROM customers WHERE name = 'Yan Old'"))
                .containsExactly(List.of("Y", "#Yan Old", "zed@new"));
    }

    /** The sync triggers of the schema, per event in firing order: all on {@code customers}, or the query fails the test. */
    private static List<List<Object>> triggers(TestDatabase db) throws Exception {
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"
                + " AND (event_object_table <> 'customers' OR action_timing <> 'BEFORE')"))
                .as("no trigger elsewhere, none but sync triggers").isEqualTo(0L);
        return db.query("SELECT event_manipulation, trigger_name FROM information_schema.triggers"
                + " WHERE trigger_schema = DATABASE() ORDER BY event_manipulation, action_order");
    }

    private static List<Object> tables(TestDatabase db) throws Exception {
        return db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name LIKE '\\_tandem\\_%' ORDER BY table_name").stream().map(r -> r.get(0)).toList();
    }
}
