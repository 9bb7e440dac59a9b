package dev.tandem.cli;

import dev.tandem.Tandem;
import dev.tandem.TandemStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem status}: every migration with its phase and gates, backfills, live instances. */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show migrations, phases, gate verdicts, backfill progress and live instances.",
        description = "Every migration the database records or the locations hold: its state and phase, the verdicts"
                + " of its contract and rollback gates; the backfills' progress; the live instances.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private LocationOptions locations;

    @Option(names = "--json", description = "Print JSON (shape in docs/cli.md).")
    private boolean json;

    @Override
    public Integer call() {
        TandemStatus status;
        try (Tandem tandem = connection.configuration().locations(locations.resolve()).load()) {
            status = tandem.status();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, status);
        } else {
            StatusText.print(status, out);
        }
        return ExitCodes.OK;
    }
}
