package dev.tandem.cli;

import dev.tandem.MoveOptions;
import dev.tandem.MoveStatus;
import dev.tandem.TandemMove;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem move prepare}: checks both servers, then copies the database and starts replication, or adopts a replica. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        header = "Check both servers, copy the database into the target and start it replicating from the source.",
        description = "Checks both servers (a failed check: exit code " + ExitCodes.MOVE_REFUSED + ", every problem listed,"
                + " nothing changed), then copies schema and rows from one consistent snapshot and starts the target"
                + " replicating from it; with --adopt, takes over a target that already replicates. Run again, it"
                + " resumes an interrupted copy; on a prepared move it does nothing. Then prints the move's status.")
final class MovePrepareCommand extends MoveStep<MoveStatus> {

    private static final MoveOptions DEFAULTS = MoveOptions.defaults();

    @Option(names = "--adopt",
            description = "The target already replicates the whole database from the source (set up by hand): check it,"
                    + " copy nothing.")
    private boolean adopt;

    @Option(names = "--workers", paramLabel = "N",
            description = "Tables copied at a time, each on a connection of its own (default: ${DEFAULT-VALUE}).")
    private int workers = DEFAULTS.workers();

    @Option(names = "--chunk-rows", paramLabel = "N",
            description = "Rows per chunk of the copy, to begin with; large rows make the chunks smaller"
                    + " (default: ${DEFAULT-VALUE}).")
    private int chunkRows = DEFAULTS.chunkRows();

    @Override
    MoveOptions options(MoveOptions defaults) {
        if (workers < 1) {
            throw usage("--workers must be 1 or more, not " + workers);
        }
        if (chunkRows < 1) {
            throw usage("--chunk-rows must be 1 or more, not " + chunkRows);
        }
        return defaults.withAdopt(adopt).withWorkers(workers).withChunkRows(chunkRows);
    }

    @Override
    MoveStatus run(TandemMove move, MoveProgress progress) {
        return move.prepare();
    }

    @Override
    void print(MoveStatus status, PrintWriter out) {
        MoveText.printStatus(status, out);
    }
}
