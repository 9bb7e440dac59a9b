package dev.tandem.cli;

import dev.tandem.ComparisonReport;
import dev.tandem.TandemMove;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code tandem move verify}: compares the serving server with the one replicating from it; a pass is recorded. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = "Compare the two servers while the target replicates; a pass lets a cut-over begin.",
        description = "Compares the serving server with the one that replicates from it, as tandem compare does, at"
                + " consistent points. Identical: recorded as the move's last verification, which cutover and back"
                + " need. Otherwise the report lists the rows that differ, with exit code " + ExitCodes.DIFFERENCES_FOUND + ".")
final class MoveVerifyCommand extends MoveStep<ComparisonReport> {

    @Override
    ComparisonReport run(TandemMove move, MoveProgress progress) {
        return move.verify(progress.comparison());
    }

    @Override
    void print(ComparisonReport report, PrintWriter out) {
        ComparisonText.print(report, out);
    }

    @Override
    int exitCode(ComparisonReport report) {
        return CompareCommand.exitCode(report);
    }
}
