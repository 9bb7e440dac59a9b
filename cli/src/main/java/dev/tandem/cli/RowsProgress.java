package dev.tandem.cli;

import dev.tandem.ComparisonListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Rows gone through, table by table, on a {@link ProgressDisplay}: what {@code compare} (and {@code move verify})
 * compares and what {@code move prepare} copies. A bar redrawn at each report at a terminal; elsewhere a line
 * when a table begins and then at most one per {@link #LINE_INTERVAL} for that table, since both report every
 * chunk and a log needs only to see them move. Tables may be reported from several threads at once (the copy's).
 */
final class RowsProgress implements ComparisonListener {

    /** The least time between two plain lines about one table. */
    static final Duration LINE_INTERVAL = Duration.ofSeconds(10);

    private final ProgressDisplay display;
    private final String verb;
    private final LongSupplier nanoClock;
    private final Map<String, Long> lastLineAt = new HashMap<>();

    /** Rows that are {@code verb}-ed ({@code "compare"}, {@code "copy"}): the word that begins each plain line. */
    RowsProgress(ProgressDisplay display, String verb) {
        this(display, verb, System::nanoTime);
    }

    /** With {@code nanoClock} instead of {@link System#nanoTime()}, for tests. */
    RowsProgress(ProgressDisplay display, String verb, LongSupplier nanoClock) {
        this.display = display;
        this.verb = verb;
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
        Long last = lastLineAt.get(table);
        if (last == null || now - last >= LINE_INTERVAL.toNanos()) {
            display.line(verb + " " + text);
            lastLineAt.put(table, now);
        }
    }

    /** Ends the bar, so the report that follows has lines of its own. */
    void finish() {
        display.finish();
    }
}
