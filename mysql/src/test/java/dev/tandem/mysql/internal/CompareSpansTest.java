package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** How an integer key's spans are sized, without a server. */
class CompareSpansTest {

    private static final BigInteger WIDE = BigInteger.valueOf(1_000_000_000L);
    private static final long TARGET_NANOS = CompareSpans.TARGET.toNanos();

    @Test
    void aSpanScalesTowardTheTargetTimeByAtMostTwoEitherWay() {
        BigInteger span = BigInteger.valueOf(100_000);

        assertThat(CompareSpans.nextSpan(span, TARGET_NANOS, WIDE)).isEqualTo(span);
        assertThat(CompareSpans.nextSpan(span, TARGET_NANOS * 4 / 5, WIDE)).isEqualTo(BigInteger.valueOf(125_000));
        assertThat(CompareSpans.nextSpan(span, 1, WIDE)).as("a very fast span doubles, no more").isEqualTo(BigInteger.valueOf(200_000));
        assertThat(CompareSpans.nextSpan(span, TARGET_NANOS * 10, WIDE)).as("a very slow one halves").isEqualTo(BigInteger.valueOf(50_000));
    }

    @Test
    void aSpanStaysBetweenTheFirstSpanAndTheWidest() {
        BigInteger first = BigInteger.valueOf(CompareSpans.FIRST_SPAN);

        assertThat(CompareSpans.nextSpan(first, TARGET_NANOS * 10, WIDE)).isEqualTo(first);
        assertThat(CompareSpans.nextSpan(BigInteger.valueOf(700_000), 1, BigInteger.valueOf(800_000))).isEqualTo(BigInteger.valueOf(800_000));
    }

    @Test
    void theWidestSpanHoldsTheMostRowsWhereKeysAreAsDenseAsOnAverage() {
        assertThat(CompareSpans.maxSpan(BigInteger.ONE, BigInteger.valueOf(1_000_000), 1_000_000))
                .as("dense keys: one a row").isEqualTo(BigInteger.valueOf(CompareSpans.MAX_SPAN_ROWS));
        assertThat(CompareSpans.maxSpan(BigInteger.ONE, BigInteger.valueOf(1_000_000_000), 1_000_000))
                .as("a key every thousand values").isEqualTo(BigInteger.valueOf(CompareSpans.MAX_SPAN_ROWS * 1000));
        assertThat(CompareSpans.maxSpan(BigInteger.ONE, BigInteger.valueOf(1_000_000_000), 0))
                .as("no estimate: keys taken as dense").isEqualTo(BigInteger.valueOf(CompareSpans.MAX_SPAN_ROWS));
        assertThat(CompareSpans.maxSpan(BigInteger.ONE, BigInteger.valueOf(100), 1_000_000_000))
                .as("an estimate above the keys (stale statistics) still walks in the first span")
                .isEqualTo(BigInteger.valueOf(CompareSpans.FIRST_SPAN));
        assertThat(CompareSpans.maxSpan(BigInteger.ZERO, new BigInteger("18446744073709551615"), 10))
                .as("BIGINT UNSIGNED's whole range").isGreaterThan(BigInteger.valueOf(Long.MAX_VALUE));
    }
}
