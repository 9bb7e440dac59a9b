package dev.tandem.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tandem move}: the commands of a move of the database to another server; alone, it shows their usage. */
@Command(name = "move", mixinStandardHelpOptions = true,
        header = "Move the database to another server while the application serves.",
        description = "prepare, then status and verify, then cutover; back to return, finish to end the move."
                + " The source is the database every command connects to (--url ...), the target --target-url ..."
                + " (else TANDEM_TARGET_*). See docs/move.md.",
        subcommands = {MovePrepareCommand.class, MoveStatusCommand.class, MoveVerifyCommand.class,
                MoveCutoverCommand.class, MoveBackCommand.class, MoveFinishCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.OK + ":done, or already done (every step may be repeated)",
                ExitCodes.FAILURE + ":failed: no connection, a replication error, a failed copy",
                ExitCodes.USAGE + ":wrong command line, no target given, a password file that cannot be read",
                ExitCodes.DIFFERENCES_FOUND + ":verify found the servers different",
                ExitCodes.MOVE_REFUSED + ":refused, nothing changed: a check of prepare failed, no recent passing"
                        + " verification, replication not healthy, a step out of order",
                ExitCodes.CUTOVER_ABANDONED + ":cutover or back abandoned: an instance did not acknowledge in time;"
                        + " the source serves on, nothing was lost"})
final class MoveCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
