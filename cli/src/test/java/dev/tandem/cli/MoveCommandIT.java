package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.cli.Cli.Result;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.MovePair;
import dev.tandem.testing.ServerTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code tandem move} against two real servers with binary logs, on each flavor: a target it cannot reach (exit
 * code 1, named), a refused prepare (exit code 7,
 * the problem listed, nothing changed), prepare copying and replicating, a cut-over refused without a verification,
 * status as JSON, verify (exit code 0, recorded), finish. The cut-over itself is tested in the library's tests.
 */
class MoveCommandIT {

    private static final String DATABASE = "shop";
    private static final String REPLICATION_USER = "repl";
    private static final String REPLICATION_PASSWORD = "repl-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ServerTest
    void prepareStatusVerifyAndFinishAMoveFromTheCommandLine(DatabaseServer flavorOf) throws Exception {
        try (MovePair pair = MovePair.start(flavorOf.flavor())) {
            for (DatabaseServer server : new DatabaseServer[] {pair.source(), pair.target()}) {
                execute(server, "CREATE DATABASE " + DATABASE,
                        "CREATE USER '" + REPLICATION_USER + "'@'127.0.0.1' IDENTIFIED BY '" + REPLICATION_PASSWORD + "'",
                        "GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'127.0.0.1'");
            }
            execute(pair.source(),
                    "CREATE TABLE shop.customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                    "INSERT INTO shop.customers SELECT seq, CONCAT('customer ', seq) FROM " + numbers(500),
                    "CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,"
                            + " FOREIGN KEY (customer_id) REFERENCES shop.customers (id))",
                    "INSERT INTO shop.orders SELECT seq, 1 + seq % 500 FROM " + numbers(800));
            execute(pair.target(), "CREATE TABLE shop.leftover (id INT PRIMARY KEY)");
            // Both servers from the environment, as on an operator's machine; the replication user as a flag.
            Cli cli = Cli.withEnvironment(Map.of(
                    "TANDEM_URL", pair.source().jdbcUrl(DATABASE), "TANDEM_USER", pair.source().user(),
                    "TANDEM_PASSWORD", pair.source().password(),
                    "TANDEM_TARGET_URL", pair.target().jdbcUrl(DATABASE), "TANDEM_TARGET_USER", pair.target().user(),
                    "TANDEM_TARGET_PASSWORD_FILE", Cli.passwordFile(pair.target().password()).toString(),
                    "TANDEM_REPLICATION_PASSWORD", REPLICATION_PASSWORD));

            Result unreachable = Cli.withEnvironment(Map.of("TANDEM_URL", pair.source().jdbcUrl(DATABASE),
                    "TANDEM_USER", pair.source().user(), "TANDEM_PASSWORD", pair.source().password(),
                    "TANDEM_TARGET_URL", "jdbc:mysql://127.0.0.1:1/shop")).execute(move("status"));
            assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(ExitCodes.FAILURE);
            assertThat(unreachable.err()).as(unreachable.toString())
                    .startsWith("tandem move status: Cannot connect to the move target (jdbc:mysql://127.0.0.1:1/shop): ")
                    .doesNotContain("\tat ");

            Result refused = cli.execute(move("prepare"));
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.MOVE_REFUSED);
            assertThat(refused.err()).as(refused.toString()).contains("tandem move prepare: The move from ",
                    "nothing was changed:", "  - ERROR (target): the database is not empty: it has [leftover]. Fix: ");
            assertThat(tables(pair.source())).as("nothing recorded on the source").containsOnly("customers", "orders");

            execute(pair.target(), "DROP TABLE shop.leftover");
            Result prepared = cli.execute(move("prepare", "--workers", "2", "--chunk-rows", "100"));
            assertThat(prepared.exitCode()).as(prepared.toString()).isEqualTo(ExitCodes.OK);
            assertThat(prepared.out()).as(prepared.toString()).startsWith("Move ").contains(": REPLICATING, epoch 0",
                    "(the server the move began on)", "replicates from it, lag ", "verified: not since the last switch");
            assertThat(prepared.err()).as(prepared.toString()).contains("move check: ", "move copy: ",
                    "copy customers: 100 of ~", "copy orders: ", "move read-only: ").doesNotContain("\tat ");
            assertThat(count(pair.target(), "customers")).isEqualTo(500);

            Result notVerified = cli.execute(move("cutover"));
            assertThat(notVerified.exitCode()).as(notVerified.toString()).isEqualTo(ExitCodes.MOVE_REFUSED);
            assertThat(notVerified.err()).as(notVerified.toString()).contains("tandem move cutover: Move ",
                    "run tandem move verify first");

            execute(pair.source(), "INSERT INTO shop.customers VALUES (501, 'written after the copy')");
            Result json = cli.execute(move("status", "--json"));
            assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.OK);
            JsonNode status = JSON.readTree(json.out());
            assertThat(status.get("phase").asText()).isEqualTo("REPLICATING");
            assertThat(status.get("servingSide").asText()).isEqualTo("ORIGINAL");
            assertThat(status.get("replicating").asBoolean()).as(json.toString()).isTrue();
            assertThat(status.get("verifiedAt").isNull()).isTrue();

            Result verified = cli.execute(move("verify"));
            assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(ExitCodes.OK);
            assertThat(verified.out()).as(verified.toString()).startsWith("Identical: ")
                    .contains("customers (keyed chunks): 501 rows on both sides, identical");
            assertThat(verified.err()).as(verified.toString()).contains("compare customers: ");
            Result afterVerify = cli.execute(move("status"));
            assertThat(afterVerify.out()).as(afterVerify.toString()).doesNotContain("not since the last switch");

            Result finished = cli.execute(move("finish"));
            assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(ExitCodes.OK);
            assertThat(finished.out()).as(finished.toString()).contains(": FINISHED, epoch 0", "no longer replicates from it");

            for (Result result : new Result[] {refused, prepared, notVerified, json, verified, finished}) {
                assertThat(result.out() + result.err()).as("the replication password").doesNotContain(REPLICATION_PASSWORD);
            }
        }
    }

    /** {@code move <command> <options>}, with the replication user as a flag (its password is in the environment). */
    private static String[] move(String command, String... options) {
        return Stream.concat(Stream.of("move", command, "--replication-user", REPLICATION_USER), Stream.of(options))
                .toArray(String[]::new);
    }

    /** The numbers 1 to {@code n} as a derived table with the column {@code seq}, on both flavors. */
    private static String numbers(int n) {
        return "(WITH RECURSIVE s (seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM s WHERE seq < " + n + ") SELECT seq FROM s) n";
    }

    private static void execute(DatabaseServer server, String... statements) throws SQLException {
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static List<String> tables(DatabaseServer server) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = server.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                     + DATABASE + "'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static long count(DatabaseServer server, String table) throws SQLException {
        try (Connection c = server.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + DATABASE + "." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
