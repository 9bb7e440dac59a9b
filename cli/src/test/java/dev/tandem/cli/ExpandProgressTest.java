package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.BackfillProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What expand shows while a backfill runs: a bar redrawn in place at a terminal, lines elsewhere. */
class ExpandProgressTest {

    private static final BackfillProgress HALF = new BackfillProgress("2", "customers.display", 500, 1000, 250.0,
            Duration.ofSeconds(2), false, Instant.EPOCH);
    private static final BackfillProgress DONE = new BackfillProgress("2", "customers.display", 1000, 1000, 250.0,
            null, true, Instant.EPOCH);

    @Test
    void aTerminalGetsOneBarRedrawnInPlaceAndEndedWhenVerified() {
        StringWriter err = new StringWriter();
        ExpandProgress progress = new ExpandProgress(new PrintWriter(err), true);
        progress.backfillProgress(HALF);
        progress.backfillProgress(DONE);
        progress.finish();
        assertThat(err.toString()).isEqualTo(
                "\r[###############...............]  50% 2 customers.display: 500 of ~1000 rows, 250 rows/s, ETA 2 s\033[K"
                        + "\r[##############################] 100% 2 customers.display: 1000 of ~1000 rows, verified\033[K"
                        + System.lineSeparator());
    }

    @Test
    void aBarCutShortIsEndedToo() {
        StringWriter err = new StringWriter();
        ExpandProgress progress = new ExpandProgress(new PrintWriter(err), true);
        progress.backfillProgress(HALF);
        progress.finish();
        assertThat(err.toString()).endsWith("ETA 2 s\033[K" + System.lineSeparator());
    }

    @Test
    void logsAndPipesGetPlainLines() {
        StringWriter err = new StringWriter();
        ExpandProgress progress = new ExpandProgress(new PrintWriter(err), false);
        progress.backfillProgress(HALF);
        progress.backfillProgress(DONE);
        progress.finish();
        assertThat(err.toString()).isEqualTo("backfill 2 customers.display: 500 of ~1000 rows, 250 rows/s, ETA 2 s"
                + System.lineSeparator() + "backfill 2 customers.display: 1000 of ~1000 rows, verified" + System.lineSeparator());
    }
}
