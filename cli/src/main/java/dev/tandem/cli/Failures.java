package dev.tandem.cli;

import dev.tandem.GateRefusedException;
import dev.tandem.MoveRefusedException;
import dev.tandem.TandemException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into one message on stderr, {@code tandem <command>: <message>}, and its exit
 * code. Tandem's messages already say what to fix and never hold a password, so they are shown as they are
 * (a refused move's problems are in its message, one a line); anything else is a bug of the command line
 * and shown with its stack trace.
 */
final class Failures implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (e instanceof TandemException) {
            err.println(command.getColorScheme().errorText(command.getCommandSpec().qualifiedName() + ": " + e.getMessage()));
        } else {
            err.println(command.getCommandSpec().qualifiedName() + " failed unexpectedly: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return exitCode(e);
    }

    /**
     * A refusal has a code of its own, so a script can tell "not now" from a failure (nothing changed, but for the
     * migrations a contract of every one contracted before the refusal, which it names).
     */
    static int exitCode(Exception e) {
        if (e instanceof GateRefusedException) {
            return ExitCodes.GATE_REFUSED;
        }
        if (e instanceof MoveRefusedException) {
            return ExitCodes.MOVE_REFUSED;
        }
        return ExitCodes.FAILURE;
    }
}
