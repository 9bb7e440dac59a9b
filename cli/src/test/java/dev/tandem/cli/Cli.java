package dev.tandem.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the command line in-process, as a shell would run the jar, and captures what it prints. */
final class Cli {

    /** What one run returned and printed. */
    record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Map<String, String> environment;
    private final LintRunner linter;

    private Cli(Map<String, String> environment, LintRunner linter) {
        this.environment = environment;
        this.linter = linter;
    }

    /** No TANDEM_* variables set, the linter of this build. */
    static Result run(String... args) {
        return withEnvironment(Map.of()).execute(args);
    }

    static Cli withEnvironment(Map<String, String> environment) {
        return new Cli(environment, new CoreLintRunner());
    }

    static Cli withLinter(LintRunner linter) {
        return new Cli(Map.of(), linter);
    }

    Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.commandLine(new Invocation(environment, false, linter))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
