package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.GateRefusedException;
import dev.tandem.MoveProblem;
import dev.tandem.MoveRefusedException;
import dev.tandem.TandemException;
import dev.tandem.cli.Cli.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code move}'s command line without a server: the commands, the target, the options' ranges, the exit codes. */
class MoveCommandTest {

    private static final String SOURCE = "jdbc:mysql://localhost:3306/shop";
    private static final String TARGET = "jdbc:mysql://new-db:3306/shop";

    private static void assertUsage(Result result, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString()).contains(message);
    }

    @Test
    void moveAloneShowsItsCommandsAndExitCodes() {
        Result result = Cli.run("move");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Usage: tandem move", "prepare", "status", "verify", "cutover", "back", "finish",
                "Exit codes:", "7", "8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prepare", "status", "verify", "cutover", "back", "finish"})
    void everyMoveCommandHasHelpWithTheTargetAndTheReplicationAccount(String command) {
        Result result = Cli.run("move", command, "--help");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("Usage: tandem move " + command, "--url", "--target-url", "--target-password-file",
                "--replication-user", "--replication-password", "--json", "--table-prefix");
    }

    @Test
    void theRootCommandListsMoveAndItsExitCodes() {
        Result result = Cli.run("--help");
        assertThat(result.out()).contains("move", "a move step refused", "move cutover or back abandoned");
    }

    @Test
    void everyMoveCommandNeedsBothServersAndSaysHowToGiveThem() {
        assertUsage(Cli.run("move", "status", "--target-url", TARGET), "No database given: pass --url");
        assertUsage(Cli.run("move", "status", "--url", SOURCE), "No target database given: pass --target-url");
        assertUsage(Cli.withEnvironment(Map.of("TANDEM_URL", SOURCE, "TANDEM_TARGET_URL", TARGET,
                "TANDEM_TARGET_PASSWORD_FILE", "/no/such/file")).execute("move", "verify"),
                "TANDEM_TARGET_PASSWORD_FILE /no/such/file is not a readable file");
    }

    @Test
    void theCopysOptionsMustBePositive() {
        assertUsage(Cli.run("move", "prepare", "--url", SOURCE, "--target-url", TARGET, "--workers", "0"),
                "--workers must be 1 or more, not 0");
        assertUsage(Cli.run("move", "prepare", "--url", SOURCE, "--target-url", TARGET, "--chunk-rows", "-5"),
                "--chunk-rows must be 1 or more, not -5");
    }

    @Test
    void theCutoversDurationsAreCheckedBeforeAnythingConnects() {
        for (String command : List.of("cutover", "back")) {
            assertUsage(Cli.run("move", command, "--url", SOURCE, "--target-url", TARGET, "--ack-timeout", "0s"),
                    "--ack-timeout must be positive, not PT0S");
            assertUsage(Cli.run("move", command, "--url", SOURCE, "--target-url", TARGET, "--max-verification-age", "PT-1M"),
                    "--max-verification-age must be positive, not PT-1M");
            assertUsage(Cli.run("move", command, "--url", SOURCE, "--target-url", TARGET, "--max-lag", "PT-1S"),
                    "--max-lag must not be negative, not PT-1S");
            assertUsage(Cli.run("move", command, "--url", SOURCE, "--target-url", TARGET, "--ack-timeout", "soon"),
                    "'soon' is not a duration");
        }
        assertUsage(Cli.run("move", "finish", "--url", SOURCE, "--target-url", TARGET, "--catch-up-timeout", "0ms"),
                "--catch-up-timeout must be positive, not PT0S");
    }

    @Test
    void aSourceNobodyListensOnFailsWithExitCodeOneNamingIt() {
        Result result = Cli.run("move", "status", "--url", "jdbc:mysql://127.0.0.1:1/shop", "--target-url", TARGET);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).as(result.toString()).startsWith("tandem move status: Cannot connect to jdbc:mysql://127.0.0.1:1/shop")
                .doesNotContain("\tat ");
    }

    @Test
    void aRefusedMoveHasItsOwnExitCodeOtherFailuresTheirs() {
        MoveRefusedException refused = new MoveRefusedException("The move cannot begin; nothing was changed:", List.of(
                MoveProblem.error("source", "binlog_format is STATEMENT.", "SET GLOBAL binlog_format = ROW.")));
        assertThat(Failures.exitCode(refused)).isEqualTo(ExitCodes.MOVE_REFUSED);
        assertThat(refused.getMessage()).as("every problem on a line of its own, with its fix")
                .endsWith(":\n  - ERROR (source): binlog_format is STATEMENT. Fix: SET GLOBAL binlog_format = ROW.");
        assertThat(Failures.exitCode(new GateRefusedException("refused", List.of()))).isEqualTo(ExitCodes.GATE_REFUSED);
        assertThat(Failures.exitCode(new TandemException("failed"))).isEqualTo(ExitCodes.FAILURE);
    }
}
