package dev.tandem.cli;

import dev.tandem.CutoverResult;
import dev.tandem.TandemMove;
import picocli.CommandLine.Command;

/** {@code tandem move cutover}: the application onto the target, through the fleet. */
@Command(name = "cutover", mixinStandardHelpOptions = true,
        header = "Switch the application to the target through the fleet: hold, read-only, catch up, switch.",
        description = "Every live instance holds its connections and acknowledges; the source becomes read-only, the"
                + " target applies its last writes, stops replicating and serves; the source replicates from it; the"
                + " instances go on against the target. Needs a recent passing verify (else exit code "
                + ExitCodes.MOVE_REFUSED + "). An instance that does not acknowledge in time: abandoned, the source"
                + " serves on, nothing lost (exit code " + ExitCodes.CUTOVER_ABANDONED + "). Run again, it finishes or"
                + " undoes a cut-over a dead coordinator left.")
final class MoveCutoverCommand extends CutoverStep {

    @Override
    CutoverResult run(TandemMove move, MoveProgress progress) {
        return move.cutover();
    }
}
