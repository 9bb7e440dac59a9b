package dev.tandem.cli;

import dev.tandem.TandemConfiguration;
import dev.tandem.spi.DdlPolicy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How backfills rewrite their tables, for the commands that run them ({@code expand}) or say how they will
 * ({@code plan}): the same option, so the plan says what the expand will do. A picocli mixin.
 */
final class BackfillOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--copy-expand-threshold", paramLabel = "ROWS",
            description = "From how many rows (the server's estimate) a backfill that rewrites every row copies the"
                    + " table and swaps the copy in, instead of updating it in place; 0 copies every table that can be"
                    + " copied (default: " + DdlPolicy.DEFAULT_COPY_THRESHOLD + ", as the library's copyExpandThreshold).")
    private long copyExpandThreshold = DdlPolicy.DEFAULT_COPY_THRESHOLD;

    @Option(names = "--copy-threads", paramLabel = "N",
            description = "How many connections write a copy's chunks at once, 1 to 16 (default: "
                    + DdlPolicy.DEFAULT_COPY_THREADS + ", as the library's copyThreads).")
    private Integer copyThreads;

    /** {@code configuration} with these options. */
    TandemConfiguration applyTo(TandemConfiguration configuration) {
        refuseOutOfRange();
        TandemConfiguration applied = configuration.copyExpandThreshold(copyExpandThreshold);
        return copyThreads == null ? applied : applied.copyThreads(copyThreads);
    }

    /**
     * The policy a plan assumes: the library's defaults, with these options and whether the contract keeps
     * the tables copies replaced ({@link ReplacedTableOptions}).
     */
    DdlPolicy policy(boolean keepReplacedTables) {
        refuseOutOfRange();
        return new DdlPolicy(DdlPolicy.DEFAULT.lockWaitTimeout(), DdlPolicy.DEFAULT.retryBudget(), copyExpandThreshold,
                copyThreads == null ? DdlPolicy.DEFAULT_COPY_THREADS : copyThreads, keepReplacedTables);
    }

    /** A value the library would refuse is a mistake in how the command was called: a usage error (exit code 2). */
    private void refuseOutOfRange() {
        if (copyExpandThreshold < 0) {
            throw new ParameterException(command.commandLine(), "--copy-expand-threshold must not be negative (0 copies"
                    + " every table that can be copied), not " + copyExpandThreshold);
        }
        if (copyThreads != null && (copyThreads < 1 || copyThreads > TandemConfiguration.MAX_COPY_THREADS)) {
            throw new ParameterException(command.commandLine(), "--copy-threads must be between 1 and "
                    + TandemConfiguration.MAX_COPY_THREADS + ", not " + copyThreads);
        }
    }
}
