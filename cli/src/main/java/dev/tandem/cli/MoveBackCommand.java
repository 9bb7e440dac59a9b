package dev.tandem.cli;

import dev.tandem.CutoverResult;
import dev.tandem.TandemMove;
import picocli.CommandLine.Command;

/** {@code tandem move back}: the cut-over the other way, onto the server the move began on. */
@Command(name = "back", mixinStandardHelpOptions = true,
        header = "Switch the application back to the server the move began on: a cut-over the other way.",
        description = "The same cut-over as cutover, towards the original server, which then serves while the other"
                + " replicates from it: the way back (a downgrade), open until finish. Run verify first; results and"
                + " exit codes are those of cutover.")
final class MoveBackCommand extends CutoverStep {

    @Override
    CutoverResult run(TandemMove move, MoveProgress progress) {
        return move.back();
    }
}
