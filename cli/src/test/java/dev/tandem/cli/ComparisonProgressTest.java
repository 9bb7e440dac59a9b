package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What compare shows while it runs: a bar at a terminal, a few lines in a log. */
class ComparisonProgressTest {

    @Test
    void aTerminalGetsOneBarRedrawnForEachTableAndEndedBeforeTheReport() {
        StringWriter err = new StringWriter();
        ComparisonProgress progress = new ComparisonProgress(new PrintWriter(err), true);
        progress.progress("customers", 500, 1000);
        progress.progress("orders", 20, 0);
        progress.finish();
        assertThat(err.toString()).isEqualTo(
                "\r[###############...............]  50% customers: 500 of ~1000 rows\033[K"
                        + "\r[..............................]   0% orders: 20 rows\033[K"
                        + System.lineSeparator());
    }

    @Test
    void aLogGetsALineWhenATableBeginsThenOnePerInterval() {
        StringWriter err = new StringWriter();
        AtomicLong now = new AtomicLong();
        ComparisonProgress progress = new ComparisonProgress(new PrintWriter(err), false, now::get);
        progress.progress("customers", 1000, 3000);
        progress.progress("customers", 2000, 3000); // within the interval: not told
        now.addAndGet(ComparisonProgress.LINE_INTERVAL.toNanos());
        progress.progress("customers", 3000, 3000);
        progress.progress("orders", 10, 20);
        progress.finish();
        String n = System.lineSeparator();
        assertThat(err.toString()).isEqualTo("compare customers: 1000 of ~3000 rows" + n + "compare customers: 3000 of ~3000 rows" + n
                + "compare orders: 10 of ~20 rows" + n);
    }
}
