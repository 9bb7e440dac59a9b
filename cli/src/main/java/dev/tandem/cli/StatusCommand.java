package dev.tandem.cli;

import dev.tandem.TableNames;
import dev.tandem.Tandem;
import dev.tandem.TandemStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tandem status}: every migration with its phase and gates, backfills, live instances. It only reads
 * (SELECT on the schema is all it needs); on a schema Tandem has not run on it says so.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show migrations, phases, gate verdicts, backfill progress and live instances.",
        description = "Every migration the database records or the locations hold: its state and phase, the verdicts"
                + " of its contract and rollback gates; the backfills' progress; the live instances. Only reads:"
                + " SELECT on the schema is all it needs.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    private MigrationOptions options;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        TandemStatus status;
        TableNames tables;
        try (Tandem tandem = options.configuration().load()) {
            status = tandem.status();
            tables = tandem.tableNames();
        }
        NotRunYet.migrations(status, tables, "; `tandem plan` shows what would run.").ifPresent(output::notice);
        output.print(status, StatusText::print);
        return ExitCodes.OK;
    }
}
