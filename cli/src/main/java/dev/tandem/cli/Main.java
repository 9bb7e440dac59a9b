package dev.tandem.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * Whether a person watches standard error, where progress is drawn: then {@code expand} redraws a progress bar
     * in place. On Linux the stream's own device says so ({@code /proc/self/fd/2}: a terminal, or a file or pipe
     * for {@code 2>log}); elsewhere, the console.
     */
    private static boolean terminalAttached() {
        try {
            return isTerminalDevice(Files.readSymbolicLink(Path.of(STANDARD_ERROR)).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return consoleAttached();
        }
    }

    /** Where Linux links the process's standard error. */
    private static final String STANDARD_ERROR = "/proc/self/fd/2";

    /** Whether {@code device}, what a stream's descriptor links to, is a terminal ({@code /dev/pts/3}, {@code /dev/tty1}). */
    static boolean isTerminalDevice(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
    }

    /**
     * Up to Java 21, {@link System#console()} is null when a stream is redirected; from Java 22 on it exists
     * anyway and {@code Console.isTerminal()} (not in the Java 17 API this is built against) tells.
     */
    private static boolean consoleAttached() {
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
