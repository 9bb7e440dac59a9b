package dev.tandem.cli;

import dev.tandem.Tandem;
import dev.tandem.TandemStatus;
import dev.tandem.config.ConnectionSettings;
import dev.tandem.config.Redaction;
import dev.tandem.script.MigrationCatalog;
import dev.tandem.spi.Dialect;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tandem plan [dir]}: a dry run. It reads the database (which migrations are pending is the
 * database's to say) and changes nothing but Tandem's own tables, created if missing.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        header = "Show the exact SQL each pending migration will run, per phase (a dry run).",
        description = "For every migration not yet ready: what expand (and its backfill), contract and rollback will"
                + " run, step by step, and what is decided only when a step runs. Reads the database to know what is"
                + " pending; runs nothing.")
final class PlanCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private LocationOptions locations;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "The directory of scripts (or give --locations).")
    private Path dir;

    @Option(names = "--json", description = "Print JSON (shape in docs/cli.md).")
    private boolean json;

    @Override
    public Integer call() {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "No directory " + dir.toAbsolutePath());
        }
        List<String> where = locations.resolve(dir);
        Dialect dialect = Scripts.dialect();
        MigrationCatalog catalog = Scripts.scan(where, dialect);
        ConnectionSettings settings = connection.settings();
        TandemStatus status;
        try (Tandem tandem = connection.configuration().locations(where.toArray(String[]::new)).load()) {
            status = tandem.status();
        }
        Plan plan = Planner.plan(Redaction.url(settings.url()), where, catalog, status, dialect);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, plan);
        } else {
            PlanText.print(plan, out);
        }
        return ExitCodes.OK;
    }
}
