package dev.tandem.cli;

import dev.tandem.GateRefusedException;
import dev.tandem.TandemException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into one message on stderr and its exit code. Tandem's messages already
 * say what to fix and never hold a password, so they are shown as they are; anything else is a bug
 * of the command line and shown with its stack trace.
 */
final class Failures implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (e instanceof TandemException) {
            err.println(command.getColorScheme().errorText("tandem " + command.getCommandName() + ": " + e.getMessage()));
        } else {
            err.println("tandem " + command.getCommandName() + " failed unexpectedly: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return e instanceof GateRefusedException ? ExitCodes.GATE_REFUSED : ExitCodes.FAILURE;
    }
}
