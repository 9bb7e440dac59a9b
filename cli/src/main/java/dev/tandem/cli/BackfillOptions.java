package dev.tandem.cli;

import dev.tandem.TandemConfiguration;
import dev.tandem.spi.DdlPolicy;
import picocli.CommandLine.Option;

/**
 * How backfills rewrite their tables, for the commands that run them ({@code expand}) or say how they will
 * ({@code plan}): the same option, so the plan says what the expand will do. A picocli mixin.
 */
final class BackfillOptions {

    @Option(names = "--copy-expand-threshold", paramLabel = "ROWS",
            description = "From how many rows (the server's estimate) a backfill that rewrites every row copies the"
                    + " table and swaps the copy in, instead of updating it in place; 0 copies every table that can be"
                    + " copied (default: " + DdlPolicy.DEFAULT_COPY_THRESHOLD + ", as the library's copyExpandThreshold).")
    private long copyExpandThreshold = DdlPolicy.DEFAULT_COPY_THRESHOLD;

    /** {@code configuration} with these options. */
    TandemConfiguration applyTo(TandemConfiguration configuration) {
        return configuration.copyExpandThreshold(copyExpandThreshold);
    }

    /** The policy a plan assumes: the library's defaults, with these options. */
    DdlPolicy policy() {
        return new DdlPolicy(DdlPolicy.DEFAULT.lockWaitTimeout(), DdlPolicy.DEFAULT.retryBudget(), copyExpandThreshold);
    }
}
