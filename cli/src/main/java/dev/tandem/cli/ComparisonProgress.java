package dev.tandem.cli;

import dev.tandem.ComparisonListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The progress of {@code compare}, table by table, on stderr ({@link ProgressDisplay}): a bar redrawn at
 * each report at a terminal; elsewhere a line when a table begins and then at most one per
 * {@link #LINE_INTERVAL}, since the comparison reports every chunk and a log needs only to see it move.
 */
final class ComparisonProgress implements ComparisonListener {

    /** The least time between two plain lines about one table. */
    static final Duration LINE_INTERVAL = Duration.ofSeconds(10);

    private final ProgressDisplay display;
    private final LongSupplier nanoClock;
    private String table;
    private long lastLineAt;

    ComparisonProgress(PrintWriter err, boolean terminal) {
        this(err, terminal, System::nanoTime);
    }

    /** With {@code nanoClock} instead of {@link System#nanoTime()}, for tests. */
    ComparisonProgress(PrintWriter err, boolean terminal, LongSupplier nanoClock) {
        this.display = new ProgressDisplay(err, terminal);
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void progress(String table, long rowsDone, long rowsEstimate) {
        String text = table + ": " + rowsDone + (rowsEstimate > 0 ? " of ~" + rowsEstimate : "") + " rows";
        if (display.atTerminal()) {
            display.redraw(ProgressDisplay.percent(rowsDone, rowsEstimate), text);
            return;
        }
        long now = nanoClock.getAsLong();
        if (!table.equals(this.table) || now - lastLineAt >= LINE_INTERVAL.toNanos()) {
            display.line("compare " + text);
            this.table = table;
            lastLineAt = now;
        }
    }

    /** Ends the bar, so the report that follows has lines of its own. */
    void finish() {
        display.finish();
    }
}
