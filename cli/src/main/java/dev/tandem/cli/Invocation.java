package dev.tandem.cli;

import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What one run of the command line gets from outside the arguments: the environment variables (the
 * library's TANDEM_* connection settings), whether a person watches a terminal, and the linter.
 * Passed in rather than read from {@code System}, so tests run the command line in-process.
 */
record Invocation(Map<String, String> environment, boolean terminal, LintRunner linter) {

    /** The invocation of the command line that {@code spec} (a command or a mixin's command) belongs to. */
    static Invocation of(CommandSpec spec) {
        return ((TandemCommand) spec.root().userObject()).invocation();
    }
}
