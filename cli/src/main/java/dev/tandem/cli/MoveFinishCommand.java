package dev.tandem.cli;

import dev.tandem.MoveOptions;
import dev.tandem.MoveStatus;
import dev.tandem.TandemMove;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tandem move finish}: ends the move; the server that does not serve stops replicating. */
@Command(name = "finish", mixinStandardHelpOptions = true,
        header = "End the move: stop the replication into the server that does not serve, and forget it.",
        description = "Records the move FINISHED, waits until the other server applied that, and stops its"
                + " replication; it stays read-only. After a cut-over the way back is gone; before one (or after"
                + " moving back) the move is abandoned and the target keeps its copy. Then prints the move's status.")
final class MoveFinishCommand extends MoveStep<MoveStatus> {

    @Mixin
    private CatchUpOptions catchUp;

    @Override
    MoveOptions options(MoveOptions defaults) {
        return catchUp.applyTo(defaults);
    }

    @Override
    MoveStatus run(TandemMove move, MoveProgress progress) {
        return move.finish();
    }

    @Override
    void print(MoveStatus status, PrintWriter out) {
        MoveText.printStatus(status, out);
    }
}
