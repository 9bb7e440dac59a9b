package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.BackfillProgress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A backfill's progress as listeners and status() see it. */
class BackfillProgressReporterTest {

    @Test
    void aRunningBackfillHasAnEtaFromTheRowsLeftAndItsRate() {
        BackfillProgress running = BackfillProgressReporter.progress("2", "t.c", 500, 1_000, 250, false, null);
        assertThat(running.eta()).isEqualTo(Duration.ofSeconds(2));
        assertThat(running).hasToString("2 t.c: 500 of ~1000 rows, 250 rows/s, ETA 2 s");
    }

    @Test
    void aVerifiedOrNotYetTimedBackfillHasNoEta() {
        assertThat(BackfillProgressReporter.progress("2", "t.c", 1_000, 1_000, 250, true, null).eta()).isNull();
        assertThat(BackfillProgressReporter.progress("2", "t.c", 0, 1_000, 0, false, null).eta()).isNull();
        assertThat(BackfillProgressReporter.progress("2", "t.c", 1_200, 1_000, 100, false, null).eta())
                .as("past the estimate: nothing left, not a negative time").isEqualTo(Duration.ZERO);
    }
}
