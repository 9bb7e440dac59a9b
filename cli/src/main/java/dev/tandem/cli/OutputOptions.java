package dev.tandem.cli;

import java.io.PrintWriter;
import java.util.function.BiConsumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --json}: a command's result as JSON for scripts (shapes in docs/cli.md), else as text for people. */
final class OutputOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--json", description = "Print JSON (shape in docs/cli.md).")
    private boolean json;

    /** Prints {@code result} on stdout: as JSON with {@code --json}, else as {@code text} writes it. */
    <T> void print(T result, BiConsumer<T, PrintWriter> text) {
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            Json.print(out, result);
        } else {
            text.accept(result, out);
        }
    }
}
