package dev.tandem.cli;

import dev.tandem.Tandem;
import dev.tandem.TandemStatus;
import dev.tandem.internal.config.Redaction;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.Step;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tandem plan [dir]}: a dry run. It only reads the database (which migrations are pending is the
 * database's to say) and changes nothing; on a schema Tandem has not run on, every migration is pending.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        header = "Show the exact SQL each pending migration will run, per phase (a dry run).",
        description = "For every migration not yet ready: what expand (and its backfill), contract and rollback will"
                + " run, step by step, and what is decided only when a step runs. Only reads the database, to know"
                + " what is pending (SELECT on the schema is all it needs); runs nothing.")
final class PlanCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MigrationOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "The directory of scripts (or give --locations).")
    private Path dir;

    @Mixin
    private BackfillOptions backfill;

    @Mixin
    private ReplacedTableOptions replaced;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() throws SQLException {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "No directory " + dir.toAbsolutePath());
        }
        List<String> where = options.locations(dir);
        Dialect dialect = Scripts.dialect();
        MigrationCatalog catalog = Scripts.scan(where, dialect);
        // With the backfill's options, refused as the expand would refuse them.
        try (Tandem tandem = backfill.applyTo(options.configuration(dir)).load()) {
            TandemStatus status = tandem.status();
            NotRunYet.migrations(status, tandem.tableNames(), ".").ifPresent(output::notice);
            try (Connection connection = tandem.dataSource().getConnection()) {
                output.print(Planner.plan(Redaction.url(options.settings().url()), where, catalog, status, dialect,
                        step -> choice(step, connection)), PlanText::print);
            }
        }
        return ExitCodes.OK;
    }

    /** What {@code step} would choose now, read on {@code connection}; a failure to read it is said, not fatal. */
    private String choice(Step step, Connection connection) {
        try {
            return step.choice(connection, backfill.policy(replaced.keep()));
        } catch (SQLException e) {
            return "cannot tell now (" + e.getMessage() + "); decided when it runs";
        }
    }
}
