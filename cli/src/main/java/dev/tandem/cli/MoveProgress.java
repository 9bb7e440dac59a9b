package dev.tandem.cli;

import dev.tandem.ComparisonListener;
import dev.tandem.MoveListener;
import java.io.PrintWriter;

/**
 * What a {@code move} command shows on stderr while it runs (stdout keeps the result): the copy's rows
 * and the verification's, table by table ({@link RowsProgress}), and a line as each step begins
 * ({@code move hold: ...}), so that a cut-over can be followed, and a log shows where one stopped.
 */
final class MoveProgress implements MoveListener {

    private final ProgressDisplay display;
    private final RowsProgress copy;
    private final RowsProgress comparison;

    MoveProgress(PrintWriter err, boolean terminal) {
        this.display = new ProgressDisplay(err, terminal);
        this.copy = new RowsProgress(display, "copy");
        this.comparison = new RowsProgress(display, "compare");
    }

    @Override
    public void copied(String table, long done, long estimated) {
        copy.progress(table, done, estimated);
    }

    @Override
    public void step(String name, String detail) {
        display.line("move " + name + ": " + detail);
    }

    /** The verification's progress. */
    ComparisonListener comparison() {
        return comparison;
    }

    /** Ends a bar still shown, so the result has lines of its own. */
    void finish() {
        display.finish();
    }
}
