package dev.tandem.cli;

import dev.tandem.CutoverResult;
import dev.tandem.MoveStatus;
import java.io.PrintWriter;
import java.util.List;

/** The {@code move} commands' results for people: where the move stands, and how a cut-over ended. */
final class MoveText {

    private MoveText() {
    }

    /** E.g. {@code Move 6f1c...: REPLICATING, epoch 1}, then the serving server, the other and the last verification. */
    static void printStatus(MoveStatus status, PrintWriter out) {
        if (!status.exists()) {
            out.println("No move is recorded on either server.");
            return;
        }
        out.println("Move " + status.moveId() + ": " + status.phase() + ", epoch " + status.epoch());
        out.println("  serving:  " + status.serving() + " (" + side(status.servingSide()) + ")");
        out.println("  other:    " + status.other() + ", " + replication(status));
        out.println("  verified: " + (status.verifiedAt() == null ? "not since the last switch" : status.verifiedAt()));
    }

    private static String side(String servingSide) {
        return "ORIGINAL".equals(servingSide) ? "the server the move began on" : "the server the move went to";
    }

    private static String replication(MoveStatus status) {
        if (status.replicating()) {
            return "replicates from it, " + (status.lagSeconds() == null ? "lag unknown" : "lag " + status.lagSeconds() + " s");
        }
        if (!status.replicationError().isEmpty()) {
            return "does not replicate from it: " + status.replicationError();
        }
        return "FINISHED".equals(status.phase()) ? "no longer replicates from it" : "does not replicate from it";
    }

    /**
     * E.g. {@code Switched: ... serves now (epoch 2, pause 412 ms).} or {@code Abandoned: ... serves on, writable;
     * nothing was lost (epoch 2).} with why, then the instances that acknowledged, those missing and those that
     * cannot follow.
     */
    static void printCutover(CutoverResult result, PrintWriter out) {
        boolean switched = result.outcome() == CutoverResult.Outcome.SWITCHED;
        boolean nothingToDo = switched && result.acknowledged().isEmpty() && result.missing().isEmpty()
                && !result.reason().isEmpty();
        if (nothingToDo) {
            out.println("Nothing to do: " + result.reason() + " (epoch " + result.epoch() + ").");
            return;
        }
        if (switched) {
            out.println("Switched: " + result.serving() + " serves now (epoch " + result.epoch() + ", pause "
                    + result.pause().toMillis() + " ms).");
        } else {
            out.println("Abandoned: " + result.serving() + " serves on, writable; nothing was lost (epoch " + result.epoch() + ").");
            out.println("Why: " + result.reason());
        }
        out.println("Acknowledged: " + instances(result.acknowledged()));
        out.println((switched ? "Not switched yet: " : "Missing: ") + instances(result.missing()));
        if (!result.cannotFollow().isEmpty()) {
            out.println("Cannot follow: " + instances(result.cannotFollow()));
        }
    }

    private static String instances(List<String> instances) {
        return instances.isEmpty() ? "none" : instances.size() + " instance(s): " + String.join(", ", instances);
    }
}
