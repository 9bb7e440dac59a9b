package dev.tandem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BeatBackoffTest {

    /** The beats, from 0, at which work that fails every time is tried, over {@code beats} beats. */
    private static List<Integer> triedAt(BeatBackoff backoff, String work, int beats) {
        List<Integer> tried = new ArrayList<>();
        for (int beat = 0; beat < beats; beat++) {
            if (backoff.due(work)) {
                tried.add(beat);
                backoff.failed(work);
            }
        }
        return tried;
    }

    @Test
    void workThatKeepsFailingIsTriedAfterTwiceAsManyBeatsEachTime() {
        assertThat(triedAt(new BeatBackoff(), "2", 64)).containsExactly(0, 1, 3, 7, 15, 31, 63);
    }

    @Test
    void triesAreNeverFurtherApartThanTheMost() {
        List<Integer> tried = triedAt(new BeatBackoff(), "2", 20 * BeatBackoff.MOST_BEATS_APART);
        for (int i = 1; i < tried.size(); i++) {
            assertThat(tried.get(i) - tried.get(i - 1)).isLessThanOrEqualTo(BeatBackoff.MOST_BEATS_APART);
        }
        assertThat(tried.get(tried.size() - 1) - tried.get(tried.size() - 2)).isEqualTo(BeatBackoff.MOST_BEATS_APART);
    }

    @Test
    void failedSaysInHowManyBeatsTheNextTryComes() {
        BeatBackoff backoff = new BeatBackoff();
        assertThat(backoff.failed("2")).isEqualTo(1);
        assertThat(backoff.failed("2")).isEqualTo(2);
        assertThat(backoff.failed("2")).isEqualTo(4);
        for (int i = 0; i < 100; i++) {
            backoff.failed("2");
        }
        assertThat(backoff.failed("2")).isEqualTo(BeatBackoff.MOST_BEATS_APART);
    }

    @Test
    void forgottenWorkAndOtherWorkAreDueAtOnce() {
        BeatBackoff backoff = new BeatBackoff();
        backoff.failed("2");
        backoff.failed("2");
        assertThat(backoff.due("3")).as("other work").isTrue();
        assertThat(backoff.due("2")).as("after its second failure").isFalse();
        backoff.forget("2");
        assertThat(backoff.due("2")).as("forgotten").isTrue();
        assertThat(backoff.failed("2")).as("counted afresh").isEqualTo(1);
    }
}
