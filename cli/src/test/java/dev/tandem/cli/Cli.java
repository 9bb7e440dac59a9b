package dev.tandem.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

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

    /**
     * Runs {@code tandem <args>} connected as an operator would connect: URL and user as flags, the
     * password in a file, never on the command line.
     */
    static Result connected(String url, String user, String password, String... args) throws IOException {
        return run(Stream.concat(Stream.of(args), Stream.of("--url", url, "--user", user, "--password-file",
                passwordFile(password).toString())).toArray(String[]::new));
    }

    /** A file holding {@code password} and a trailing newline, as a mounted secret does. */
    static Path passwordFile(String password) throws IOException {
        Path file = Files.createTempFile("tandem-password", "");
        Files.writeString(file, (password == null ? "" : password) + "\n");
        return file;
    }

    static Cli withEnvironment(Map<String, String> environment) {
        return new Cli(environment, new DialectLintRunner());
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
