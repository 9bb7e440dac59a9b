package dev.tandem.cli;

import dev.tandem.ComparisonReport;
import dev.tandem.DatabaseComparison;
import dev.tandem.internal.config.ConnectionSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tandem compare}: the source database (the connection every command takes) against a target
 * ({@code --target-url}), schema and rows, through {@link DatabaseComparison}; reads only (docs/compare.md).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Compare two databases, schema and rows; say exactly which rows differ and how.",
        description = "Compares the source (--url) with the target (--target-url): two servers, or two schemas on one."
                + " First the schema of each table, then its rows in checksummed chunks narrowed down to the rows and"
                + " columns that differ. Reads only. Exit code " + ExitCodes.DIFFERENCES_FOUND + " when anything differs"
                + " or a table could not be compared. See docs/compare.md.")
final class CompareCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatabaseOptions source;

    @Mixin
    private TargetOptions target;

    @Mixin
    private OutputOptions output;

    @Option(names = "--tables", split = ",", paramLabel = "TABLE",
            description = "Compare only these tables of the source, comma-separated (default: every base table).")
    private List<String> tables = List.of();

    @Option(names = "--ignore-columns", split = ",", paramLabel = "TABLE.COLUMN", converter = TableArguments.TableColumn.class,
            description = "Leave these columns out, comma-separated, by the source's names (e.g. a column the move"
                    + " changes on purpose).")
    private List<String> ignoredColumns = List.of();

    @Option(names = "--map", paramLabel = "SOURCE_TABLE=TARGET_TABLE", converter = TableArguments.Mapping.class,
            description = "Compare the source's table with a target table of another name; repeat for each.")
    private List<Map.Entry<String, String>> tableMap = List.of();

    @Option(names = "--after-charset-conversion",
            description = "Compare text as the target's column holds it: values equal in characters are equal, only a"
                    + " character the target's charset cannot hold shows (e.g. after latin1 to utf8mb4).")
    private boolean afterCharsetConversion;

    @Option(names = "--differences-shown", paramLabel = "N",
            description = "List at most N differing rows per table; the counts are always complete (default: ${DEFAULT-VALUE}).")
    private int differencesShown = DatabaseComparison.DEFAULT_DIFFERENCES_SHOWN;

    @Option(names = "--max-threads-running", paramLabel = "N",
            description = "Wait between chunks while either server runs more than N threads (Threads_running):"
                    + " their own work comes first (default: ${DEFAULT-VALUE}).")
    private int maxThreadsRunning = DatabaseComparison.DEFAULT_MAX_THREADS_RUNNING;

    @Option(names = "--max-replica-lag", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "When the target replicates from the source, wait between chunks while it lags more than this"
                    + " (500ms, 2s, 1m), or its replication is stopped (default: 1s).")
    private Duration maxReplicaLag = DatabaseComparison.DEFAULT_MAX_REPLICA_LAG;

    @Override
    public Integer call() {
        requireUsableOptions();
        ConnectionSettings sourceSettings = source.settings();
        ConnectionSettings targetSettings = target.settings();
        RowsProgress progress = new RowsProgress(new ProgressDisplay(spec.commandLine().getErr(), Invocation.of(spec).terminal()),
                "compare");
        ComparisonReport report;
        try (ComparedDatabases databases = new ComparedDatabases(sourceSettings, targetSettings)) {
            try {
                report = comparison(databases).listener(progress).run();
            } finally {
                progress.finish();
            }
        }
        output.print(report, ComparisonText::print);
        return exitCode(report);
    }

    /** Options the converters cannot judge one by one are usage errors too, found before anything connects. */
    private void requireUsableOptions() {
        if (differencesShown < 0) {
            throw new ParameterException(spec.commandLine(), "--differences-shown must be 0 or more, not " + differencesShown);
        }
        if (maxThreadsRunning < 1) {
            throw new ParameterException(spec.commandLine(), "--max-threads-running must be 1 or more, not " + maxThreadsRunning);
        }
        if (maxReplicaLag.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--max-replica-lag must not be negative, not " + maxReplicaLag);
        }
        Set<String> mapped = new HashSet<>();
        for (Map.Entry<String, String> mapping : tableMap) {
            if (!mapped.add(mapping.getKey())) {
                throw new ParameterException(spec.commandLine(), "--map names the source table " + mapping.getKey()
                        + " twice; give each table one target name");
            }
        }
    }

    private DatabaseComparison comparison(ComparedDatabases databases) {
        DatabaseComparison comparison = DatabaseComparison.between(databases.source(), databases.target())
                .tables(tables.toArray(String[]::new))
                .ignoreColumns(ignoredColumns.toArray(String[]::new))
                .afterCharsetConversion(afterCharsetConversion)
                .differencesShown(differencesShown)
                .maxThreadsRunning(maxThreadsRunning)
                .maxReplicaLag(maxReplicaLag);
        tableMap.forEach(mapping -> comparison.map(mapping.getKey(), mapping.getValue()));
        return comparison;
    }

    /** {@link ExitCodes#OK} when both sides are the same, table by table; else {@link ExitCodes#DIFFERENCES_FOUND}. */
    static int exitCode(ComparisonReport report) {
        return report.identical() ? ExitCodes.OK : ExitCodes.DIFFERENCES_FOUND;
    }
}
