package dev.tandem.cli;

import dev.tandem.BackfillProgress;
import dev.tandem.TandemListener;
import java.io.PrintWriter;

/**
 * The progress of {@code expand}'s backfills, on stderr (stdout keeps the result): a bar redrawn in
 * place for a person at a terminal, plain lines for logs and pipes. Called on Tandem's threads. (The
 * rest of what expand does, the library logs.)
 */
final class ExpandProgress implements TandemListener {

    private static final int BAR_WIDTH = 30;
    /** ANSI "erase to the end of the line": a shorter redraw leaves nothing of the longer one behind. */
    private static final String ERASE_REST = "\033[K";

    private final PrintWriter err;
    private final boolean bar;
    private boolean barShown;

    ExpandProgress(PrintWriter err, boolean bar) {
        this.err = err;
        this.bar = bar;
    }

    @Override
    public synchronized void backfillProgress(BackfillProgress progress) {
        if (bar) {
            err.print("\r" + barLine(progress) + ERASE_REST);
            barShown = true;
            if (progress.verified()) {
                finish(); // the backfill's last word
            }
        } else {
            err.println("backfill " + progress);
        }
        err.flush();
    }

    /** Ends a bar still shown (a backfill that failed or was cut short), so what follows has a line of its own. */
    synchronized void finish() {
        if (barShown) {
            err.println();
            err.flush();
            barShown = false;
        }
    }

    /** E.g. {@code [#########.....................]  31% 2 customers.display: 31000 of ~100000 rows, 12000 rows/s, ETA 6 s}. */
    static String barLine(BackfillProgress progress) {
        long percent = progress.verified() ? 100 : progress.rowsEstimate() <= 0 ? 0
                : Math.min(100, progress.rowsDone() * 100 / progress.rowsEstimate());
        int filled = (int) (percent * BAR_WIDTH / 100);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + String.format("%3d%% ", percent) + progress;
    }
}
