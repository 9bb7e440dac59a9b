package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ComparisonReport;
import dev.tandem.ComparisonReport.Method;
import dev.tandem.cli.Cli.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code compare}'s command line without a server: the target's connection, the options' syntax, the exit code. */
class CompareCommandTest {

    private static final String SOURCE = "jdbc:mysql://localhost:3306/old_shop";
    private static final String TARGET = "jdbc:mysql://localhost:3306/new_shop";
    /** A port nothing listens on: the connection is refused at once. */
    private static final String NOBODY = "jdbc:mysql://127.0.0.1:1/shop";

    private static void assertUsage(Result result, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString()).contains(message);
    }

    @Test
    void withoutATargetItSaysHowToGiveOne() {
        assertUsage(Cli.run("compare", "--url", SOURCE), "No target database given: pass --target-url"
                + " jdbc:mysql://host:3306/schema (with --target-user and --target-password-file), or set TANDEM_TARGET_URL"
                + " or TANDEM_TARGET_SECRET_FILE.");
        assertUsage(Cli.run("compare", "--target-url", TARGET), "No database given: pass --url");
    }

    @Test
    void theTargetsPasswordFileIsCheckedAndNamedWhetherAFlagOrAVariableGivesIt() {
        assertUsage(Cli.run("compare", "--url", SOURCE, "--target-url", TARGET, "--target-password-file", "/no/such/file"),
                "--target-password-file /no/such/file is not a readable file");
        for (String variable : List.of("TANDEM_TARGET_PASSWORD_FILE", "TANDEM_TARGET_SECRET_FILE")) {
            Result result = Cli.withEnvironment(Map.of("TANDEM_URL", SOURCE, "TANDEM_TARGET_URL", TARGET, variable, "/no/such/file"))
                    .execute("compare");
            assertUsage(result, variable + " /no/such/file is not a readable file");
        }
    }

    @Test
    void aMapMustNameASourceAndATargetTable() {
        for (String malformed : List.of("wp_users", "=users", "wp_users=", "a=b=c")) {
            assertUsage(Cli.run("compare", "--url", SOURCE, "--target-url", TARGET, "--map", malformed),
                    "'" + malformed + "' is not SOURCE_TABLE=TARGET_TABLE, e.g. --map wp_users=users");
        }
        assertUsage(Cli.run("compare", "--url", SOURCE, "--target-url", TARGET, "--map", "wp_users=users", "--map", "wp_users=people"),
                "--map names the source table wp_users twice");
    }

    @Test
    void ignoredColumnsAreTableDotColumn() {
        for (String malformed : List.of("autoload", ".autoload", "wp_options.")) {
            assertUsage(Cli.run("compare", "--url", SOURCE, "--target-url", TARGET, "--ignore-columns", "wp_posts.guid," + malformed),
                    "'" + malformed + "' is not TABLE.COLUMN");
        }
    }

    @Test
    void theNumberOfRowsShownIsNotNegative() {
        assertUsage(Cli.run("compare", "--url", SOURCE, "--target-url", TARGET, "--differences-shown", "-1"),
                "--differences-shown must be 0 or more, not -1");
        assertUsage(Cli.run("compare", "--url", SOURCE, "--target-url", TARGET, "--differences-shown", "many"),
                "Invalid value for option '--differences-shown'");
    }

    @Test
    void theThrottleOptionsAreCheckedBeforeAnythingConnects() {
        assertUsage(Cli.run("compare", "--url", NOBODY, "--target-url", NOBODY, "--max-threads-running", "0"),
                "--max-threads-running must be 1 or more, not 0");
        assertUsage(Cli.run("compare", "--url", NOBODY, "--target-url", NOBODY, "--max-replica-lag", "PT-1S"),
                "--max-replica-lag must not be negative, not PT-1S");
        assertUsage(Cli.run("compare", "--url", NOBODY, "--target-url", NOBODY, "--max-replica-lag", "soon"),
                "'soon' is not a duration: write e.g. 90s, 10m, 2h or PT10M");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsAFailureNamingItsSideButNeverItsPassword() throws Exception {
        Result result = Cli.run("compare", "--url", NOBODY + "?password=hunter2", "--password-file",
                Cli.passwordFile("s3cret-source").toString(), "--target-url", NOBODY, "--target-password-file",
                Cli.passwordFile("s3cret-target").toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).as(result.toString())
                .startsWith("tandem compare: Cannot connect to the source database " + NOBODY + "?password=****:")
                .doesNotContain("hunter2").doesNotContain("s3cret");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void theExitCodeSaysWhetherAnythingDiffers() {
        ComparisonReport same = new ComparisonReport("as of now", List.of(), List.of(ComparisonTextTest.identical("customers")));
        assertThat(CompareCommand.exitCode(same)).isEqualTo(ExitCodes.OK);

        ComparisonReport changed = new ComparisonReport("as of now", List.of(), List.of(ComparisonTextTest.identical("customers"),
                ComparisonTextTest.ORDERS));
        assertThat(CompareCommand.exitCode(changed)).isEqualTo(ExitCodes.DIFFERENCES_FOUND);

        ComparisonReport notCompared = new ComparisonReport("as of now", List.of(), List.of(ComparisonTextTest.identical("customers"),
                new ComparisonReport.Table("audit", "audit", Method.NOT_COMPARED, 3, 0, List.of(), 0, 0, 0, List.of(),
                        List.of("only in the source"))));
        assertThat(CompareCommand.exitCode(notCompared)).as("a table not compared is not known to be equal")
                .isEqualTo(ExitCodes.DIFFERENCES_FOUND);

        ComparisonReport nothing = new ComparisonReport("as of now", List.of(), List.of());
        assertThat(CompareCommand.exitCode(nothing)).isEqualTo(ExitCodes.OK);
    }
}
