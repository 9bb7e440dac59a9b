package dev.tandem.mysql.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Walks a table with an integer key in spans of key values, no bound to read: from the smallest key of
 * both sides to the largest, the last span open-ended so that rows written beyond it during the walk are
 * compared too. A span is sized by how long the last one took against {@link #TARGET}, as the backfill
 * sizes its chunks, so a dense table goes in a few hundred thousand rows a span and a sparse one in wide
 * spans; {@link #maxSpan} keeps a span from holding far more rows than that where keys are dense. A span
 * whose checksums differ is halved, each half checksummed again, until a differing part holds at most
 * {@link CompareChunks#CHUNK_ROWS} rows a side, which is narrowed to its rows.
 */
final class CompareSpans {

    /** The key values of the first span, before any has been timed. */
    static final long FIRST_SPAN = CompareChunks.CHUNK_ROWS;
    /** The time a span's checksums should take: long enough that a round trip is noise, short enough for the throttle. */
    static final Duration TARGET = Duration.ofMillis(250);
    /** The most a span grows, or shrinks, from one to the next. */
    static final int MAX_STEP = 2;
    /** The rows a span holds at most where the table's keys are as dense as on average. */
    static final long MAX_SPAN_ROWS = 500_000;

    /** The smallest and the largest key of both sides. */
    private record KeyRange(BigInteger min, BigInteger max) {
    }

    private final CompareBothSides sides;
    private final CompareChunks chunks;
    private final long estimatedRows;

    CompareSpans(CompareBothSides sides, CompareChunks chunks, long estimatedRows) {
        this.sides = sides;
        this.chunks = chunks;
        this.estimatedRows = estimatedRows;
    }

    /** Compares every span once the throttle lets it, calling {@code afterEach} after each. */
    void compare(Runnable afterEach) throws SQLException {
        sides.awaitGoAtIntervals();
        KeyRange range = keyRange();
        if (range == null) {
            chunks.count(chunks.checksums(null, null)); // both empty, or rows written since: one open chunk
            afterEach.run();
            return;
        }
        BigInteger max = range.max();
        BigInteger widest = maxSpan(range.min(), max, estimatedRows);
        BigInteger lower = range.min().subtract(BigInteger.ONE);
        BigInteger span = BigInteger.valueOf(FIRST_SPAN);
        while (true) {
            BigInteger upper = lower.add(span);
            boolean last = upper.compareTo(max) >= 0;
            sides.awaitGoAtIntervals();
            long started = System.nanoTime();
            CompareBothSides.Answers<List<String>> sums = chunks.checksums(key(lower), last ? null : key(upper));
            long took = System.nanoTime() - started;
            chunks.count(sums);
            if (CompareChunks.differ(sums)) {
                narrow(lower, last ? null : upper, sums);
            }
            afterEach.run();
            if (last) {
                return;
            }
            lower = upper;
            span = nextSpan(span, took, widest);
        }
    }

    /** The smallest and largest key of both sides; null when both are empty. */
    private KeyRange keyRange() throws SQLException {
        CompareBothSides.Answers<List<String>> edges = sides.read(side ->
                Jdbc.rows(side.connection(), CompareSql.keyRange(side.table(), chunks.key())).get(0));
        BigInteger min = null;
        BigInteger max = null;
        for (List<String> edge : List.of(edges.source(), edges.target())) {
            if (edge.get(0) != null) {
                min = min == null ? new BigInteger(edge.get(0)) : min.min(new BigInteger(edge.get(0)));
                max = max == null ? new BigInteger(edge.get(1)) : max.max(new BigInteger(edge.get(1)));
            }
        }
        return min == null ? null : new KeyRange(min, max);
    }

    /**
     * Narrows a differing span: when either side holds more than {@link CompareChunks#CHUNK_ROWS} of its
     * rows, halves it and narrows each half whose checksums differ; an open-ended span is first closed at
     * the largest key now there. Keys are unique, so a span of no more values than that holds no more rows.
     */
    private void narrow(BigInteger lower, BigInteger upper, CompareBothSides.Answers<List<String>> sums) throws SQLException {
        long rows = Math.max(CompareChunks.rows(sums.source()), CompareChunks.rows(sums.target()));
        if (rows <= CompareChunks.CHUNK_ROWS) {
            chunks.narrow(key(lower), key(upper));
            return;
        }
        BigInteger end = upper;
        if (end == null) {
            KeyRange now = keyRange();
            if (now == null || now.max().compareTo(lower) <= 0) {
                chunks.narrow(key(lower), null);
                return;
            }
            end = now.max();
            narrowIfDiffers(end, null);
        }
        BigInteger middle = lower.add(end.subtract(lower).shiftRight(1));
        narrowIfDiffers(lower, middle);
        narrowIfDiffers(middle, end);
    }

    private void narrowIfDiffers(BigInteger lower, BigInteger upper) throws SQLException {
        sides.awaitGoAtIntervals();
        CompareBothSides.Answers<List<String>> sums = chunks.checksums(key(lower), key(upper));
        if (CompareChunks.differ(sums)) {
            narrow(lower, upper, sums);
        }
    }

    /**
     * The next span from the last one and how long its checksums took: scaled toward {@link #TARGET}, by at
     * most {@link #MAX_STEP} either way, between {@link #FIRST_SPAN} and {@code widest}.
     */
    static BigInteger nextSpan(BigInteger span, long tookNanos, BigInteger widest) {
        double factor = Math.max(1.0 / MAX_STEP, Math.min(MAX_STEP, (double) TARGET.toNanos() / Math.max(1, tookNanos)));
        BigInteger next = new BigDecimal(span).multiply(BigDecimal.valueOf(factor)).toBigInteger();
        return next.max(BigInteger.valueOf(FIRST_SPAN)).min(widest);
    }

    /**
     * The widest span: one that holds {@link #MAX_SPAN_ROWS} rows where keys are as dense as the table's
     * average (its estimated rows over its key range), so a span grown over sparse keys does not swallow
     * a dense stretch whole. Without an estimate, keys are taken as dense. At least {@link #FIRST_SPAN}.
     */
    static BigInteger maxSpan(BigInteger min, BigInteger max, long estimatedRows) {
        BigInteger keys = max.subtract(min).add(BigInteger.ONE);
        BigInteger rows = estimatedRows > 0 ? BigInteger.valueOf(estimatedRows) : keys;
        BigInteger widest = keys.multiply(BigInteger.valueOf(MAX_SPAN_ROWS)).divide(rows);
        return widest.max(BigInteger.valueOf(FIRST_SPAN));
    }

    private static List<String> key(BigInteger value) {
        return value == null ? null : List.of(value.toString());
    }
}
