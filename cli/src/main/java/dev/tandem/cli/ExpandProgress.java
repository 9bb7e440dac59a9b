package dev.tandem.cli;

import dev.tandem.BackfillProgress;
import dev.tandem.TandemListener;
import java.io.PrintWriter;

/**
 * The progress of {@code expand}'s backfills, on stderr ({@link ProgressDisplay}): a bar at a terminal,
 * a line per report elsewhere. Called on Tandem's threads. (The rest of what expand does, the library logs.)
 */
final class ExpandProgress implements TandemListener {

    private final ProgressDisplay display;

    ExpandProgress(PrintWriter err, boolean bar) {
        this.display = new ProgressDisplay(err, bar);
    }

    @Override
    public synchronized void backfillProgress(BackfillProgress progress) {
        if (display.atTerminal()) {
            display.redraw(progress.verified() ? 100 : ProgressDisplay.percent(progress.rowsDone(), progress.rowsEstimate()),
                    progress.toString());
            if (progress.verified()) {
                display.finish(); // the backfill's last word
            }
        } else {
            display.line("backfill " + progress);
        }
    }

    /** Ends a bar still shown (a backfill that failed or was cut short), so what follows has a line of its own. */
    void finish() {
        display.finish();
    }
}
