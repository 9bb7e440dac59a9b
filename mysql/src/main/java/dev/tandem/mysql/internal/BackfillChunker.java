package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Cuts a table's key range, from its first key to the largest key that existed when the backfill
 * began, into consecutive chunks, and sizes the fill's chunks by how long the last one took.
 */
final class BackfillChunker {

    /** The fewest rows per chunk: below it, a chunk's round trip and commit cost more than its rows. */
    static final int MIN_CHUNK = 100;
    /** The most rows per chunk, however fast they go: bounds the row locks one chunk holds, and its undo. */
    static final int MAX_CHUNK = 50_000;
    /** The rows of a backfill's first chunk, before any chunk has been timed. */
    static final int FIRST_CHUNK = 1_000;
    /** A chunk that took less than the target divided by this was fast: the next one grows. */
    static final long FAST_DIVISOR = 2;
    /** How much the next chunk grows after a fast one: slowly, so that the size creeps up to the target. */
    static final double GROWTH_FACTOR = 1.5;
    /** The most rows one growth step adds, so that a large chunk does not jump far past the target. */
    static final long MAX_GROWTH_ROWS = 10_000;
    /** A chunk that took more than the target times this was slow: the next one is cut by {@link #SLOW_CUT}. */
    static final long SLOW_FACTOR = 2;
    /** The divisor of the next chunk after a slow one (halved). */
    static final int SLOW_CUT = 2;
    /**
     * A chunk that took more than the target times this was very slow (a lock wait, a loaded server):
     * the next one is cut by {@link #VERY_SLOW_CUT}, to back off hard.
     */
    static final long VERY_SLOW_FACTOR = 5;
    /** The divisor of the next chunk after a very slow one (quartered). */
    static final int VERY_SLOW_CUT = 4;

    /** One chunk: the keys after {@code cursor} (from the first key when null) up to {@code upper}. */
    record Chunk(List<String> cursor, List<String> upper, boolean last) {
    }

    private final BackfillKey key;
    private final String table;
    private final List<String> min;
    private final List<String> max;
    /** Whether every bound is read from the table, an integer key's too, instead of computed. */
    private final boolean readBounds;
    private List<String> cursor;

    /**
     * Chunks of the quoted table {@code table} along {@code key}, from {@code min} to {@code max}
     * (decoded keys), starting after {@code cursor} (null: at {@code min}).
     */
    BackfillChunker(BackfillKey key, String table, List<String> min, List<String> max, List<String> cursor) {
        this(key, table, min, max, cursor, false);
    }

    private BackfillChunker(BackfillKey key, String table, List<String> min, List<String> max, List<String> cursor,
                            boolean readBounds) {
        this.key = key;
        this.table = table;
        this.min = min;
        this.max = max;
        this.cursor = cursor;
        this.readBounds = readBounds;
    }

    /**
     * Chunks of the keys after {@code cursor} (from the first key when null) up to {@code max}, each bound
     * read from the table, an integer key's too: keys written since a backfill began may lie far apart (one
     * given by hand, far past the others), where computed bounds would step through the gap.
     */
    static BackfillChunker readingBounds(BackfillKey key, String table, List<String> cursor, List<String> max) {
        return new BackfillChunker(key, table, null, max, cursor, true);
    }

    /**
     * The chunk of about {@code size} rows after the last one handed out; the {@link Chunk#last} one ends at the
     * max. Read first in its transaction on {@code c}: a read of the bound that waited past the session's lock
     * wait for the table's metadata lock (queued behind a DDL statement that waits for an application's
     * transaction) is tried again ({@link GivingWay}), as the chunk's writes are.
     */
    Chunk next(Connection c, int size) throws SQLException {
        List<String> upper = GivingWay.run(c, cursor, "Reading a chunk's bound", () -> readBounds
                ? key.readBound(c, table, cursor, max, size) : key.nextBound(c, table, cursor, min, max, size));
        Chunk chunk = new Chunk(cursor, upper, upper.equals(max));
        cursor = upper;
        return chunk;
    }

    /**
     * The size of the fill's next chunk, from the size of the last one and how long it took against the
     * target: grow slowly toward the target, cut hard when a chunk runs far over it (a lock wait, a
     * loaded server), always between {@link #MIN_CHUNK} and {@link #MAX_CHUNK}.
     */
    static int nextChunkSize(int chunk, long millis, long targetMillis) {
        int next;
        if (millis > VERY_SLOW_FACTOR * targetMillis) {
            next = chunk / VERY_SLOW_CUT;
        } else if (millis > SLOW_FACTOR * targetMillis) {
            next = chunk / SLOW_CUT;
        } else if (millis < targetMillis / FAST_DIVISOR) {
            next = (int) Math.min((long) (chunk * GROWTH_FACTOR), chunk + MAX_GROWTH_ROWS);
        } else {
            next = chunk;
        }
        return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, next));
    }
}
