package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's contract with scripts, without a database: usage errors, help, exit codes. */
class CommandLineTest {

    @Test
    void anUnknownCommandIsAUsageError() {
        Result result = Cli.run("frobnicate");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void noCommandShowsTheUsageWithTheExitCodes() {
        Result result = Cli.run();
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Usage: tandem", "expand", "contract", "compare", "Exit codes:", "TANDEM_PASSWORD_FILE",
                "TANDEM_TARGET_URL", "compare or move verify found differences");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lint", "plan", "status", "expand", "contract", "rollback", "instances", "compare", "move"})
    void everyCommandHasHelp(String command) {
        Result result = Cli.run(command, "--help");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("Usage: tandem " + command);
    }

    @Test
    void expandTakesTheCopysWriters() {
        assertThat(Cli.run("expand", "--help").out()).contains("--copy-threads=N", "--copy-expand-threshold=ROWS");
    }

    /**
     * A timeout of nothing, or less, gave up at once with exit code 5, and closed the connections under the expand
     * it had just begun. A usage error now, before anything connects.
     */
    @Test
    void expandsTimeoutMustBePositive() {
        for (String timeout : List.of("0s", "PT-1S")) {
            Result result = Cli.run("expand", "--url", "jdbc:mysql://127.0.0.1:1/shop", "--app-version", "2.0.0",
                    "--timeout", timeout);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).as(result.toString()).contains("--timeout must be positive");
        }
    }

    @Test
    void saysItsVersion() {
        Result result = Cli.run("--version");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).startsWith("tandem ");
    }

    @Test
    void aCommandWithoutADatabaseSaysHowToGiveOne() {
        Result result = Cli.run("status");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("No database given: pass --url", "TANDEM_URL");
    }

    @Test
    void anUnreadablePasswordFileIsNamed() {
        Result result = Cli.run("status", "--url", "jdbc:mysql://localhost:3306/shop", "--password-file", "/no/such/file");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--password-file /no/such/file is not a readable file");
    }

    /** A secret volume's directory given for its file (Kubernetes mounts secrets so). */
    @Test
    void aPasswordFileThatIsADirectoryIsNamed() {
        Path dir = Path.of(new ScriptFolder().path());
        Result result = Cli.run("status", "--url", "jdbc:mysql://localhost:3306/shop", "--password-file", dir.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--password-file " + dir + " is not a readable file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TANDEM_PASSWORD_FILE", "TANDEM_SECRET_FILE"})
    void aMissingFileFromTheEnvironmentIsAUsageErrorNamingTheVariable(String variable) {
        Result result = Cli.withEnvironment(Map.of("TANDEM_URL", "jdbc:mysql://localhost:3306/shop", variable, "/no/such/file"))
                .execute("status");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains(variable + " /no/such/file is not a readable file");
    }

    @Test
    void aTablePrefixTandemCannotUseIsAUsageErrorNamingWhereItCameFrom() {
        Result flag = Cli.run("status", "--url", "jdbc:mysql://localhost:3306/shop", "--table-prefix", "my-app");
        assertThat(flag.exitCode()).as(flag.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(flag.err()).contains("--table-prefix 'my-app' may hold only letters (A-Z, a-z), digits, _ and $");

        String long60 = "p".repeat(60);
        Result variable = Cli.withEnvironment(Map.of("TANDEM_URL", "jdbc:mysql://localhost:3306/shop",
                "TANDEM_TABLE_PREFIX", long60)).execute("instances");
        assertThat(variable.exitCode()).as(variable.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(variable.err()).contains("TANDEM_TABLE_PREFIX '" + long60 + "' is too long");
    }

    @Test
    void expandNeedsTheAppVersion() {
        Result result = Cli.run("expand", "--url", "jdbc:mysql://localhost:3306/shop");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Missing required option: '--app-version=VERSION'");
    }

    @Test
    void aTimeoutMustBeADuration() {
        Result result = Cli.run("expand", "--app-version", "2.0.0", "--timeout", "soon");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'soon' is not a duration: write e.g. 90s, 10m, 2h or PT10M");
    }

    @Test
    void planTakesADirectoryOrLocationsNotBoth() throws Exception {
        Result result = Cli.run("plan", new ScriptFolder().path(), "--locations", "classpath:db/tandem",
                "--url", "jdbc:mysql://localhost:3306/shop");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("either as a directory or with --locations, not both");
    }

    @Test
    void backfillOptionsOutOfRangeAreUsageErrors() {
        Result threads = Cli.run("expand", "--app-version", "2.0.0", "--copy-threads", "0",
                "--url", "jdbc:mysql://localhost:3306/shop");
        assertThat(threads.exitCode()).as(threads.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(threads.err()).contains("--copy-threads must be between 1 and 16, not 0");
        Result threshold = Cli.run("plan", "--copy-expand-threshold", "-1", "--url", "jdbc:mysql://localhost:3306/shop");
        assertThat(threshold.exitCode()).as(threshold.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(threshold.err()).contains("--copy-expand-threshold must not be negative");
    }

    /** A mistyped path would otherwise find no scripts, and expand would say "nothing to apply" and succeed. */
    @Test
    void aScriptLocationThatIsNoDirectoryIsRefused() throws Exception {
        Path missing = Path.of(new ScriptFolder().path()).resolve("no-such-dir");
        Result expand = Cli.run("expand", "--app-version", "2.0.0", "--locations", "filesystem:" + missing,
                "--url", "jdbc:mysql://localhost:3306/shop");
        assertThat(expand.exitCode()).as(expand.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(expand.err()).contains("The scripts' location filesystem:" + missing + " is not a directory");
        Result plan = Cli.run("plan", "--locations", "classpath:db/tandem, FILESYSTEM:" + missing,
                "--url", "jdbc:mysql://localhost:3306/shop");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(plan.err()).contains("The scripts' location FILESYSTEM:" + missing + " is not a directory");
    }

    @Test
    void aMalformedSecretFileIsNamedButNeverShown() throws Exception {
        Path secret = Files.createTempFile("secret", ".json");
        Files.writeString(secret, "{\"username\": \"app\", \"password\": \"hunter2\",");
        Result result = Cli.withEnvironment(Map.of("TANDEM_SECRET_FILE", secret.toString())).execute("status");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("TANDEM_SECRET_FILE " + secret + " is not a JSON object").doesNotContain("hunter2");
    }

    @Test
    void durationsAreWrittenAsPeopleWriteThem() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("500ms")).hasMillis(500);
        assertThat(converter.convert("90s")).hasSeconds(90);
        assertThat(converter.convert("10m")).hasMinutes(10);
        assertThat(converter.convert("2h")).hasHours(2);
        assertThat(converter.convert("PT1M30S")).hasSeconds(90);
    }
}
