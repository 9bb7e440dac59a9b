package dev.tandem.cli;

import java.io.Console;
import java.util.Map;
import picocli.CommandLine;

/** The {@code tandem} command: the entry point of the executable jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(new Invocation(System.getenv(), terminalAttached(), new DialectLintRunner())).execute(args));
    }

    /** The whole command line for one invocation; tests call {@code execute} on it in-process. */
    static CommandLine commandLine(Invocation invocation) {
        return new CommandLine(new TandemCommand(invocation)).setExecutionExceptionHandler(new Failures());
    }

    /**
     * Whether a person watches: then {@code expand} redraws a progress bar in place. Up to Java 21,
     * {@link System#console()} is null when a stream is redirected; from Java 22 on it exists anyway and
     * {@code Console.isTerminal()} (not in the Java 17 API this is built against) tells.
     */
    private static boolean terminalAttached() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
