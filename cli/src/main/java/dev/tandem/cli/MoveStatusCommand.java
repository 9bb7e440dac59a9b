package dev.tandem.cli;

import dev.tandem.MoveStatus;
import dev.tandem.TandemMove;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code tandem move status}: where the move stands. Reads only. */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show where the move stands: phase, the serving server, replication and lag, the last verification.",
        description = "Reads both servers' record of the move and the other server's replication; changes nothing.")
final class MoveStatusCommand extends MoveStep<MoveStatus> {

    @Override
    MoveStatus run(TandemMove move, MoveProgress progress) {
        return move.status();
    }

    @Override
    void print(MoveStatus status, PrintWriter out) {
        MoveText.printStatus(status, out);
    }
}
