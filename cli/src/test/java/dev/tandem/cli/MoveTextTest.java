package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.CutoverResult;
import dev.tandem.CutoverResult.Outcome;
import dev.tandem.MoveStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** How the move commands tell their results: the move's status and a cut-over's end, as text and as JSON. */
class MoveTextTest {

    private static final String OLD = "MariaDB 10.11.5 at old-db:3306";
    private static final String NEW = "MariaDB 11.4.5 at new-db:3306";
    private static final Instant VERIFIED = Instant.parse("2026-11-21T12:03:25Z");

    private static <T> String text(T value, BiConsumer<T, PrintWriter> printer) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            printer.accept(value, writer);
        }
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void noMoveSaysSo() {
        assertThat(text(MoveStatus.none(), MoveText::printStatus)).isEqualTo("No move is recorded on either server.\n");
    }

    @Test
    void aReplicatingMoveShowsTheServersTheLagAndTheLastVerification() {
        MoveStatus status = new MoveStatus("6f1c", "REPLICATING", "ORIGINAL", OLD, NEW, 0, VERIFIED, true, 0L, "");
        assertThat(text(status, MoveText::printStatus)).isEqualTo("""
                Move 6f1c: REPLICATING, epoch 0
                  serving:  MariaDB 10.11.5 at old-db:3306 (the server the move began on)
                  other:    MariaDB 11.4.5 at new-db:3306, replicates from it, lag 0 s
                  verified: 2026-11-21T12:03:25Z
                """);
    }

    @Test
    void aStoppedReplicaShowsTheApplierError() {
        MoveStatus status = new MoveStatus("6f1c", "REPLICATING", "DESTINATION", NEW, OLD, 1, null, false, null,
                "Error 'Duplicate entry' on query");
        assertThat(text(status, MoveText::printStatus)).contains(
                "  serving:  MariaDB 11.4.5 at new-db:3306 (the server the move went to)\n",
                "  other:    MariaDB 10.11.5 at old-db:3306, does not replicate from it: Error 'Duplicate entry' on query\n",
                "  verified: not since the last switch\n");
        MoveStatus finished = new MoveStatus("6f1c", "FINISHED", "DESTINATION", NEW, OLD, 1, null, false, null, "");
        assertThat(text(finished, MoveText::printStatus)).contains("other:    MariaDB 10.11.5 at old-db:3306, no longer replicates from it");
    }

    @Test
    void aSwitchNamesWhoAcknowledgedAndThePause() {
        CutoverResult result = new CutoverResult(Outcome.SWITCHED, 2, NEW, List.of("9631e101", "a7f3c2d0"), List.of(),
                List.of(), Duration.ofMillis(412), "");
        assertThat(text(result, MoveText::printCutover)).isEqualTo("""
                Switched: MariaDB 11.4.5 at new-db:3306 serves now (epoch 2, pause 412 ms).
                Acknowledged: 2 instance(s): 9631e101, a7f3c2d0
                Not switched yet: none
                """);
    }

    @Test
    void anAbandonedCutoverSaysWhyAndWhoWasMissing() {
        CutoverResult result = new CutoverResult(Outcome.ABANDONED, 3, OLD, List.of("9631e101"), List.of("a7f3c2d0"),
                List.of("b1: cannot reach new-db:3306"), Duration.ZERO, "instances did not acknowledge within 5000 ms: [a7f3c2d0]");
        assertThat(text(result, MoveText::printCutover)).isEqualTo("""
                Abandoned: MariaDB 10.11.5 at old-db:3306 serves on, writable; nothing was lost (epoch 3).
                Why: instances did not acknowledge within 5000 ms: [a7f3c2d0]
                Acknowledged: 1 instance(s): 9631e101
                Missing: 1 instance(s): a7f3c2d0
                Cannot follow: 1 instance(s): b1: cannot reach new-db:3306
                """);
        assertThat(new MoveCutoverCommand().exitCode(result)).isEqualTo(ExitCodes.CUTOVER_ABANDONED);
    }

    @Test
    void aCutoverDoneAlreadyIsNothingToDo() {
        CutoverResult result = new CutoverResult(Outcome.SWITCHED, 2, NEW, List.of(), List.of(), List.of(), Duration.ZERO,
                NEW + " serves already");
        assertThat(text(result, MoveText::printCutover))
                .isEqualTo("Nothing to do: MariaDB 11.4.5 at new-db:3306 serves already (epoch 2).\n");
        assertThat(new MoveBackCommand().exitCode(result)).isEqualTo(ExitCodes.OK);
    }

    @Test
    void theJsonIsTheLibrarysRecordWithIsoTimes() throws Exception {
        MoveStatus status = new MoveStatus("6f1c", "REPLICATING", "ORIGINAL", OLD, NEW, 0, VERIFIED, true, 0L, "");
        JsonNode json = new ObjectMapper().readTree(text(status, (s, out) -> Json.print(out, s)));
        assertThat(json.get("verifiedAt").asText()).isEqualTo("2026-11-21T12:03:25Z");
        assertThat(json.get("lagSeconds").asLong()).isZero();
        assertThat(json.has("exists")).as("a method, not a component").isFalse();
        assertThat(json.size()).isEqualTo(10);

        CutoverResult result = new CutoverResult(Outcome.SWITCHED, 2, NEW, List.of("9631e101"), List.of(), List.of(),
                Duration.ofMillis(412), "");
        JsonNode cutover = new ObjectMapper().readTree(text(result, (r, out) -> Json.print(out, r)));
        assertThat(cutover.get("outcome").asText()).isEqualTo("SWITCHED");
        assertThat(cutover.get("pause").asText()).isEqualTo("PT0.412S");
        assertThat(cutover.get("acknowledged").get(0).asText()).isEqualTo("9631e101");
    }
}
