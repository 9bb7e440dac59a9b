package dev.tandem.cli;

import dev.tandem.TandemConfiguration;
import picocli.CommandLine.Option;

/**
 * What the contract does with the tables copies replaced, for the command that runs it ({@code contract})
 * and the one that says what it will do ({@code plan}): the same option, so the plan says what the
 * contract will do. A picocli mixin.
 */
final class ReplacedTableOptions {

    @Option(names = "--keep-replaced-tables",
            description = "Leave each table a copy replaced (_tandem_<version>_<table>_<column>_old) for you to drop,"
                    + " instead of dropping it in the contract, as the library's keepReplacedTables: removing a large"
                    + " table's file can stall the server.")
    private boolean keep;

    /** {@code configuration} with this option. */
    TandemConfiguration applyTo(TandemConfiguration configuration) {
        return configuration.keepReplacedTables(keep);
    }

    /** Whether the contract keeps them: what the plan's policy assumes ({@link BackfillOptions#policy}). */
    boolean keep() {
        return keep;
    }
}
