package dev.tandem.cli;

import java.io.PrintWriter;
import java.util.function.BiConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --json}: a command's result as JSON for scripts (shapes in docs/cli.md), else as text for people. */
final class OutputOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--json", description = "Print JSON (shape in docs/cli.md).")
    private boolean json;

    /**
     * A sentence about the result that follows (e.g. that Tandem has not run on the schema): its first line
     * as text; with {@code --json} a message on stderr, so that stdout stays the documented JSON.
     */
    void notice(String sentence) {
        CommandLine line = command.commandLine();
        if (json) {
            line.getErr().println(command.qualifiedName() + ": " + sentence);
        } else {
            line.getOut().println(sentence);
        }
    }

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
