package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What compare and the move's copy show while they run: a bar at a terminal, a few lines in a log. */
class RowsProgressTest {

    private static final String N = System.lineSeparator();

    @Test
    void aTerminalGetsOneBarRedrawnForEachTableAndEndedBeforeTheReport() {
        StringWriter err = new StringWriter();
        RowsProgress progress = new RowsProgress(new ProgressDisplay(new PrintWriter(err), true), "compare");
        progress.progress("customers", 500, 1000);
        progress.progress("orders", 20, 0);
        progress.finish();
        assertThat(err.toString()).isEqualTo(
                "\r[###############...............]  50% customers: 500 of ~1000 rows\033[K"
                        + "\r[..............................]   0% orders: 20 rows\033[K" + N);
    }

    @Test
    void aLogGetsALineWhenATableBeginsThenOnePerInterval() {
        StringWriter err = new StringWriter();
        AtomicLong now = new AtomicLong();
        RowsProgress progress = new RowsProgress(new ProgressDisplay(new PrintWriter(err), false), "compare", now::get);
        progress.progress("customers", 1000, 3000);
        progress.progress("customers", 2000, 3000); // within the interval: not told
        now.addAndGet(RowsProgress.LINE_INTERVAL.toNanos());
        progress.progress("customers", 3000, 3000);
        progress.progress("orders", 10, 20);
        progress.finish();
        assertThat(err.toString()).isEqualTo("compare customers: 1000 of ~3000 rows" + N + "compare customers: 3000 of ~3000 rows" + N
                + "compare orders: 10 of ~20 rows" + N);
    }

    @Test
    void tablesCopiedSideBySideEachKeepTheirOwnInterval() {
        StringWriter err = new StringWriter();
        AtomicLong now = new AtomicLong();
        RowsProgress progress = new RowsProgress(new ProgressDisplay(new PrintWriter(err), false), "copy", now::get);
        progress.progress("customers", 1000, 3000);
        progress.progress("orders", 1000, 9000);
        progress.progress("customers", 2000, 3000); // the other table in between does not make it new again
        progress.progress("orders", 2000, 9000);
        assertThat(err.toString()).isEqualTo("copy customers: 1000 of ~3000 rows" + N + "copy orders: 1000 of ~9000 rows" + N);
    }
}
