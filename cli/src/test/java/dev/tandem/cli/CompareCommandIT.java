package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.cli.Cli.Result;
import dev.tandem.testing.DatabaseUser;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code tandem compare} against a real server: two databases on it, the source and a copy, compared by
 * users that may only read them; the exit code, the report's key lines, and no password anywhere.
 */
class CompareCommandIT {

    private static final String[] SCHEMA = {
        "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200) NULL)",
        "INSERT INTO customers VALUES (1, 'Ada Lovelace', 'ada@example.com'), (2, 'Grace Hopper', NULL),"
                + " (3, 'Edsger Dijkstra', 'ewd@example.com')",
        "CREATE TABLE products (sku VARCHAR(20) PRIMARY KEY, price DECIMAL(10, 2) NOT NULL)",
        "INSERT INTO products VALUES ('A-1', 9.90), ('B-2', 12.00)"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void seed(TestDatabase db) throws Exception {
        db.execute(SCHEMA);
    }

    /** Runs {@code tandem compare <args>}, each side as its user, the passwords in files as mounted secrets are. */
    private static Result compare(TestDatabase source, DatabaseUser sourceUser, TestDatabase target, DatabaseUser targetUser,
                                  String... args) throws Exception {
        return Cli.run(Stream.concat(Stream.of("compare", "--url", source.url(), "--user", sourceUser.name(),
                "--password-file", Cli.passwordFile(sourceUser.password()).toString(), "--target-url", target.url(),
                "--target-user", targetUser.name(), "--target-password-file", Cli.passwordFile(targetUser.password()).toString()),
                Stream.of(args)).toArray(String[]::new));
    }

    private static void assertNoPassword(Result result, DatabaseUser... users) {
        for (DatabaseUser user : users) {
            assertThat(result.out() + result.err()).as("the password of " + user).doesNotContain(user.password());
        }
    }

    @ServerTest
    void identicalDatabasesExitWithZeroTheTargetGivenByTheEnvironment(TestDatabase source) throws Exception {
        try (TestDatabase target = TestDatabase.create(source.server())) {
            seed(source);
            seed(target);
            DatabaseUser reader = source.createUser("SELECT");
            DatabaseUser copyReader = target.createUser("SELECT");

            Result result = Cli.withEnvironment(Map.of("TANDEM_URL", source.url(), "TANDEM_USER", reader.name(),
                    "TANDEM_PASSWORD", reader.password(), "TANDEM_TARGET_URL", target.url(), "TANDEM_TARGET_USER",
                    copyReader.name(), "TANDEM_TARGET_PASSWORD_FILE", Cli.passwordFile(copyReader.password()).toString()))
                    .execute("compare");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
            assertThat(result.out()).as(result.toString()).startsWith("Identical: 2 table(s), schema and rows.")
                    .contains("Consistency: ", "customers (keyed chunks): 3 rows on both sides, identical",
                            "products (keyed chunks): 2 rows on both sides, identical");
            assertThat(result.err()).as(result.toString()).doesNotContain("\tat ");
            assertNoPassword(result, reader, copyReader);
        }
    }

    @ServerTest
    void aChangedAndAMissingRowExitWithSixAndShowTheRowsAndBothValues(TestDatabase source) throws Exception {
        try (TestDatabase target = TestDatabase.create(source.server())) {
            seed(source);
            seed(target);
            target.execute("UPDATE customers SET email = 'ada@example.org' WHERE id = 1", "DELETE FROM customers WHERE id = 3");
            DatabaseUser reader = source.createUser("SELECT");
            DatabaseUser copyReader = target.createUser("SELECT");

            Result text = compare(source, reader, target, copyReader);
            assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCodes.DIFFERENCES_FOUND);
            assertThat(text.out()).as(text.toString()).startsWith("Differences found: 1 of 2 table(s) differ.").contains("""
                    customers (keyed chunks): 3 rows in the source, 2 in the target
                      rows: 1 missing in the target, 1 changed
                    """, "  - missing in the target: id=3", "  - changed: id=1",
                    "      email: source 'ada@example.com', target 'ada@example.org'",
                    "products (keyed chunks): 2 rows on both sides, identical");
            assertNoPassword(text, reader, copyReader);

            Result json = compare(source, reader, target, copyReader, "--json");
            assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.DIFFERENCES_FOUND);
            JsonNode customers = JSON.readTree(json.out()).get("tables").get(0);
            assertThat(customers.get("source").asText()).isEqualTo("customers");
            assertThat(customers.get("missingInTarget").asLong()).isEqualTo(1);
            assertThat(customers.get("missingInSource").asLong()).isZero();
            assertThat(customers.get("changed").asLong()).isEqualTo(1);
            assertThat(customers.get("differences")).extracting(row -> row.get("kind").asText() + " " + row.get("key").asText())
                    .containsExactlyInAnyOrder("MISSING_IN_TARGET id=3", "CHANGED id=1");
            assertNoPassword(json, reader, copyReader);

            Result withoutEmail = compare(source, reader, target, copyReader, "--ignore-columns", "customers.email");
            assertThat(withoutEmail.exitCode()).as(withoutEmail.toString()).isEqualTo(ExitCodes.DIFFERENCES_FOUND);
            assertThat(withoutEmail.out()).as(withoutEmail.toString()).contains("rows: 1 missing in the target\n")
                    .doesNotContain("changed: id=1").contains("customers.email");

            Result productsOnly = compare(source, reader, target, copyReader, "--tables", "products");
            assertThat(productsOnly.exitCode()).as(productsOnly.toString()).isEqualTo(ExitCodes.OK);
            assertThat(productsOnly.out()).startsWith("Identical: 1 table(s), schema and rows.").doesNotContain("customers (");
        }
    }

    @ServerTest
    void aTableRenamedInTheTargetIsComparedThroughMap(TestDatabase source) throws Exception {
        try (TestDatabase target = TestDatabase.create(source.server())) {
            seed(source);
            seed(target);
            target.execute("RENAME TABLE customers TO clients");
            DatabaseUser reader = source.createUser("SELECT");
            DatabaseUser copyReader = target.createUser("SELECT");

            Result unmapped = compare(source, reader, target, copyReader);
            assertThat(unmapped.exitCode()).as(unmapped.toString()).isEqualTo(ExitCodes.DIFFERENCES_FOUND);
            assertThat(unmapped.out()).as(unmapped.toString()).contains("customers: not compared\n  note: ");

            Result mapped = compare(source, reader, target, copyReader, "--map", "customers=clients");
            assertThat(mapped.exitCode()).as(mapped.toString()).isEqualTo(ExitCodes.OK);
            assertThat(mapped.out()).as(mapped.toString())
                    .startsWith("Identical: 2 table(s), schema and rows.")
                    .contains("customers -> clients (keyed chunks): 3 rows on both sides, identical");
            assertThat(List.of(unmapped, mapped)).allSatisfy(result -> assertNoPassword(result, reader, copyReader));
        }
    }
}
