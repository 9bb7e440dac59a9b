package dev.tandem.mysql.internal;

import static dev.tandem.mysql.internal.Nodes.tandem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * add_column through a rolling deploy: old code (untagged sessions) and new code (tagged sessions)
 * write and read in every phase; each sees the other's writes in its own shape.
 */
class AddColumnIT {

    private static final String ADD_DISPLAY = """
            operations:
              - add_column:
                  table: customers
                  column: display
                  type: VARCHAR(300)
                  nullable: false
                  default: "''"
                  up: CONCAT(name, COALESCE(CONCAT(' <', UPPER(email), '>'), ''))
            """;

    private static ScriptDir scripts() throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-add-")).write("V1__customers.sql", """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(100) NULL);
                INSERT INTO customers VALUES (1, 'Ada', 'ada@example.com'), (2, 'Zoë 😀', NULL),
                  (3, REPEAT('x', 100), 'max@example.com');
                """);
    }


    /**
     * The check of up's values before the expand joins the table to a temporary one of its own columns: an up
     * naming a column of the table named as one of those was ambiguous there, and the migration refused.
     */
    @ServerTest
    void anUpNamingAColumnNamedAsTheProbesOwnIsCheckedAndBackfilled(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-add-")).write("V1__scores.sql", """
                CREATE TABLE scores (id BIGINT PRIMARY KEY, _tandem_value INT NOT NULL, _tandem_key0 INT NULL);
                INSERT INTO scores VALUES (1, 20, 1), (2, 21, NULL);
                """).write("V2__doubled.yaml", """
                operations:
                  - add_column: {table: scores, column: doubled, type: INT, up: "_tandem_value * 2 + COALESCE(_tandem_key0, 0)"}
                """);
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
        }
        assertThat(db.query("SELECT id, doubled FROM scores ORDER BY id")).containsExactly(List.of(1L, 41), List.of(2L, 42));
    }

    /**
     * An {@code up} whose subquery names, unqualified, columns both tables have: the backfill would read the
     * country's, the sync triggers (whose variables come first) the customer's: refused before anything runs.
     * Qualified, the triggers and the backfill read the same, and an old writer's row gets its country's name.
     */
    @ServerTest
    void aSubqueryNamingColumnsOfBothTablesIsRefusedAndQualifiedReadsTheOtherTable(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-add-")).write("V1__customers.sql", """
                CREATE TABLE countries (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL);
                CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, country_id BIGINT NOT NULL);
                INSERT INTO countries VALUES (1, 'France'), (2, 'Japan');
                INSERT INTO customers VALUES (1, 'Ada', 2), (2, 'Bo', 1);
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        String addCountry = """
                operations:
                  - add_column:
                      table: customers
                      column: country_name
                      type: VARCHAR(50)
                      up: (SELECT %s FROM countries WHERE %s = country_id)
                """;
        scripts.write("V2__country.yaml", addCountry.formatted("name", "id"));
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("in 'up', the subquery names name, id, columns of customers"
                    + " and of countries").hasMessageContaining("Qualify them with their table (countries.name)");
        }
        assertThat(db.describeSchema()).isEqualTo(before);

        scripts.write("V2__country.yaml", addCountry.formatted("countries.name", "countries.id"));
        try (Tandem v2 = tandem(db, scripts); Connection old = db.connection()) {
            v2.start();
            old.createStatement().execute("INSERT INTO customers VALUES (3, 'Cy', 1)");
            old.createStatement().execute("INSERT INTO customers VALUES (4, 'Di', 2)");
            assertThat(db.query("SELECT id, country_name FROM customers ORDER BY id")).containsExactly(
                    List.of(1L, "Japan"), List.of(2L, "France"), List.of(3L, "France"), List.of(4L, "Japan"));
        }
    }

    /**
     * The same check reads every table of a comma join, and a table of another schema. Unchecked, the backfill
     * would read the country's name and the sync triggers the customer's.
     */
    @ServerTest
    void aSubqueryOfACommaJoinOrOfAnotherSchemaIsCheckedToo(TestDatabase db) throws Exception {
        try (TestDatabase other = TestDatabase.create(db.server())) {
            other.execute("CREATE TABLE countries (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL)");
            ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-add-")).write("V1__customers.sql", """
                    CREATE TABLE regions (id BIGINT PRIMARY KEY, label VARCHAR(50) NOT NULL);
                    CREATE TABLE countries (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL, region_id BIGINT NOT NULL);
                    CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, country_id BIGINT NOT NULL);
                    """);
            try (Tandem v1 = tandem(db, scripts)) {
                v1.start();
            }
            List<String> before = db.describeSchema();
            String addCountry = """
                    operations:
                      - add_column: {table: customers, column: country_name, type: VARCHAR(120), up: "%s"}
                    """;
            scripts.write("V2__country.yaml", addCountry.formatted("(SELECT CONCAT(r.label, ' ', name) FROM regions r,"
                    + " countries c WHERE c.id = country_id AND r.id = c.region_id)"));
            try (Tandem v2 = tandem(db, scripts)) {
                assertThatThrownBy(v2::start).hasMessageContaining("in 'up', the subquery names name, columns of customers"
                        + " and of regions, countries");
            }
            scripts.write("V2__country.yaml", addCountry.formatted("(SELECT name FROM " + other.name()
                    + ".countries WHERE id = country_id)"));
            try (Tandem v2 = tandem(db, scripts)) {
                assertThatThrownBy(v2::start).hasMessageContaining("in 'up', the subquery names name, id, columns of"
                        + " customers and of " + other.name() + ".countries");
            }
            assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);
        }
    }

    /** An 'up' that gives NULL for a row of a column to be NOT NULL would fail only the contract: refused first. */
    @ServerTest
    void aNotNullColumnWhoseUpGivesNullForARowIsRefusedBeforeTheExpand(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-add-")).write("V1__customers.sql", """
                CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(100) NULL);
                INSERT INTO customers VALUES (1, 'ada@example.com'), (2, NULL);
                """);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        String addContact = """
                operations:
                  - add_column: {table: customers, column: contact, type: VARCHAR(100), nullable: false, up: "%s"}
                """;
        scripts.write("V2__contact.yaml", addContact.formatted("email"));
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).hasMessageContaining("V2__contact.yaml").hasMessageContaining("1 row(s) of customers"
                    + " would get NULL from 'email', but contact is to be NOT NULL").hasMessageContaining("COALESCE(email,");
        }
        assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);

        scripts.write("V2__contact.yaml", addContact.formatted("COALESCE(email, '')"));
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
            assertThat(v2.contract("2")).isTrue();
        }
        assertThat(db.query("SELECT id, contact FROM customers ORDER BY id")).containsExactly(
                List.of(1L, "ada@example.com"), List.of(2L, ""));
    }

    @ServerTest
    void oldAndNewWritersSeeEachOtherInTheirOwnShapeThroughEveryPhase(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__display.yaml", ADD_DISPLAY);
        try (Tandem v2 = tandem(db, scripts); Connection old = db.connection(); Connection fresh = v2.dataSource().getConnection()) {
            assertThat(v2.start().applied()).containsExactly("2");
            Statement o = old.createStatement();
            Statement n = fresh.createStatement();

            // Old code: SELECT * and positional INSERT keep their shape; the trigger fills the new column.
            assertThat(db.query("SELECT * FROM customers WHERE id = 1")).containsExactly(List.of(1L, "Ada", "ada@example.com"));
            o.execute("INSERT INTO customers VALUES (10, 'Old Writer', 'old@example.com')");
            o.execute("UPDATE customers SET name = 'Ada L.' WHERE id = 1");
            // New code writes the new column itself; the trigger leaves its value alone.
            n.execute("INSERT INTO customers (id, name, email, display) VALUES (20, 'New Writer', NULL, 'chosen by v2')");
            // Old code updates a row new code wrote: the new column follows the old one.
            o.execute("UPDATE customers SET email = 'nw@example.com' WHERE id = 20");

            assertThat(display(db)).containsExactly(
                    Arrays.asList(1L, "Ada L. <ADA@EXAMPLE.COM>"),
                    Arrays.asList(2L, "Zoë 😀"),
                    Arrays.asList(3L, "x".repeat(100) + " <MAX@EXAMPLE.COM>"),
                    Arrays.asList(10L, "Old Writer <OLD@EXAMPLE.COM>"),
                    Arrays.asList(20L, "New Writer <NW@EXAMPLE.COM>"));
            assertThat(db.queryValue("SELECT COUNT(*) FROM customers WHERE display IS NULL OR display = ''"))
                    .as("backfilled: every row has the new shape")
                    .isEqualTo(0L);

            v2.contract("2");
            assertThat(db.query("SELECT * FROM customers WHERE id = 10"))
                    .containsExactly(List.of(10L, "Old Writer", "old@example.com", "Old Writer <OLD@EXAMPLE.COM>"));
            assertThat(db.queryValue("SELECT is_nullable FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = 'customers' AND column_name = 'display'")).isEqualTo("NO");
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"))
                    .isEqualTo(0L);
        }
    }

    /**
     * New code's value in the new column survives old code's update of the row's other columns, in place and
     * after a copy, through the contract: up, computed again, would have put back what new code replaced.
     * Old code that changes what up reads makes the column follow it.
     */
    @ServerTest
    void anOldWritersUpdateOfColumnsUpDoesNotReadKeepsTheValueNewCodeWrote(TestDatabase db) throws Exception {
        for (long threshold : new long[] {Long.MAX_VALUE, 0}) {
            TestDatabase fresh = threshold == 0 ? TestDatabase.create(db.server()) : db;
            ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-add-")).write("V1__customers.sql", """
                    CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, balance INT NOT NULL);
                    INSERT INTO customers VALUES (1, 'ada', 0), (2, 'bo', 0);
                    """);
            Nodes.applied(fresh, scripts);
            scripts.write("V2__display.yaml", """
                    operations:
                      - add_column: {table: customers, column: display, type: VARCHAR(100), up: UPPER(name)}
                    """);
            try (Tandem v2 = Nodes.configure().url(fresh.url()).user(fresh.user()).password(fresh.password())
                    .appVersion("2.0.0").locations(scripts.location()).copyExpandThreshold(threshold).load();
                 Connection old = fresh.connection(); Connection v2Code = v2.dataSource().getConnection()) {
                assertThat(v2.start().ready()).isTrue();
                assertThat(fresh.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                        + " AND table_name = '_tandem_2_customers_display_old'")).as("copied").isEqualTo(threshold == 0 ? 1L : 0L);
                Statement o = old.createStatement();
                Statement n = v2Code.createStatement();
                n.execute("UPDATE customers SET display = 'Ada Lovelace' WHERE id IN (1, 2)");
                o.execute("UPDATE customers SET balance = 10 WHERE id = 1");
                o.execute("INSERT INTO customers VALUES (2, 'bo', 20) ON DUPLICATE KEY UPDATE balance = 20");
                assertThat(fresh.query("SELECT display FROM customers ORDER BY id")).as("kept through old code's updates")
                        .containsExactly(List.of("Ada Lovelace"), List.of("Ada Lovelace"));
                o.execute("UPDATE customers SET name = 'Ada' WHERE id = 1");
                o.execute("UPDATE customers SET balance = 30, name = 'bob' WHERE id = 2");
                n.execute("UPDATE customers SET display = 'Bob Builder' WHERE id = 2");
                o.execute("UPDATE customers SET balance = 40 WHERE id = 2");
                assertThat(v2.contract("2")).isTrue();
            }
            assertThat(fresh.query("SELECT id, name, balance, display FROM customers ORDER BY id"))
                    .as(threshold == 0 ? "after a copy" : "in place").containsExactly(
                            List.of(1L, "Ada", 10, "ADA"), List.of(2L, "bob", 40, "Bob Builder"));
        }
    }

    @ServerTest
    void rollbackLeavesTheSchemaExactlyAsBefore(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts();
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        List<String> before = db.describeSchema();
        List<List<Object>> rowsBefore = Schema.rows(db, "customers");
        scripts.write("V2__display.yaml", ADD_DISPLAY);
        try (Tandem v2 = tandem(db, scripts)) {
            v2.start();
            assertThat(db.describeSchema()).isNotEqualTo(before);
            v2.rollback("2");
        }
        assertThat(db.describeSchema()).isEqualTo(before);
        assertThat(Schema.rows(db, "customers")).isEqualTo(rowsBefore);
    }

    private static List<List<Object>> display(TestDatabase db) throws Exception {
        return db.query("SELECT id, display FROM customers ORDER BY id").stream()
                .map(r -> r.get(1) == null ? Arrays.asList(r.get(0)) : r).toList();
    }
}
