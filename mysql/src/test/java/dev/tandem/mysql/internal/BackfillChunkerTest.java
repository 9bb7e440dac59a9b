package dev.tandem.mysql.internal;

import static dev.tandem.mysql.internal.BackfillChunker.MAX_CHUNK;
import static dev.tandem.mysql.internal.BackfillChunker.MIN_CHUNK;
import static dev.tandem.mysql.internal.BackfillChunker.nextChunkSize;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fill's chunk size against the target time per chunk (the chunks along a key: {@code BackfillChunkerIT}). */
class BackfillChunkerTest {

    private static final long TARGET = 200;

    @Test
    void aFastChunkGrowsTheNextByHalf() {
        assertThat(nextChunkSize(1_000, 10, TARGET)).isEqualTo(1_500);
        assertThat(nextChunkSize(1_001, 99, TARGET)).as("under half the target, rounded down").isEqualTo(1_501);
    }

    @Test
    void growthAddsAtMostTenThousandRowsAtOnce() {
        assertThat(nextChunkSize(30_000, 10, TARGET)).isEqualTo(40_000);
    }

    @Test
    void aChunkNearTheTargetKeepsItsSize() {
        assertThat(nextChunkSize(1_000, 100, TARGET)).as("exactly half the target is not fast").isEqualTo(1_000);
        assertThat(nextChunkSize(1_000, 200, TARGET)).isEqualTo(1_000);
        assertThat(nextChunkSize(1_000, 400, TARGET)).as("exactly twice the target is not slow").isEqualTo(1_000);
    }

    @Test
    void aChunkOverTwiceTheTargetHalvesTheNext() {
        assertThat(nextChunkSize(1_000, 401, TARGET)).isEqualTo(500);
        assertThat(nextChunkSize(1_000, 1_000, TARGET)).as("exactly five times is only slow").isEqualTo(500);
    }

    @Test
    void aChunkOverFiveTimesTheTargetQuartersTheNext() {
        assertThat(nextChunkSize(1_000, 1_001, TARGET)).isEqualTo(250);
        assertThat(nextChunkSize(40_000, 60_000, TARGET)).isEqualTo(10_000);
    }

    @Test
    void theSizeStaysBetweenTheBounds() {
        assertThat(nextChunkSize(MIN_CHUNK, 5_000, TARGET)).isEqualTo(MIN_CHUNK);
        assertThat(nextChunkSize(150, 500, TARGET)).as("half of 150 is below the floor").isEqualTo(MIN_CHUNK);
        assertThat(nextChunkSize(MAX_CHUNK, 1, TARGET)).isEqualTo(MAX_CHUNK);
        assertThat(nextChunkSize(45_000, 1, TARGET)).as("growth stops at the ceiling").isEqualTo(MAX_CHUNK);
    }
}
