package dev.tandem.cli;

import dev.tandem.CutoverResult;
import dev.tandem.MoveOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;

/**
 * {@code move cutover} and {@code move back}: the same cut-over through the fleet, in either direction; prints
 * how it ended, exit code {@link ExitCodes#CUTOVER_ABANDONED} when it was abandoned.
 */
abstract class CutoverStep extends MoveStep<CutoverResult> {

    @Mixin
    private CutoverOptions cutover;

    @Mixin
    private CatchUpOptions catchUp;

    @Override
    final MoveOptions options(MoveOptions defaults) {
        return catchUp.applyTo(cutover.applyTo(defaults));
    }

    @Override
    final void print(CutoverResult result, PrintWriter out) {
        MoveText.printCutover(result, out);
    }

    @Override
    final int exitCode(CutoverResult result) {
        return result.outcome() == CutoverResult.Outcome.SWITCHED ? ExitCodes.OK : ExitCodes.CUTOVER_ABANDONED;
    }
}
