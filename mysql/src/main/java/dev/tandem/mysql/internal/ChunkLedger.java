package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Where a fill stands when several connections write its chunks at once ({@link ChunkedBackfill}): the
 * chunks are handed out in key order, one at a time, and may commit in any order; the checkpoint's cursor
 * moves only past chunks committed with every chunk before them, so a run that resumes after a crash
 * starts after the last key below which every row is written, and writes again (harmlessly: a chunk's
 * writes find the rows as they left them) the chunks committed beyond it. Their rows count in the
 * checkpoint's rows done when the cursor passes them, so rows written again are not counted twice. Each commit of a chunk, with its
 * checkpoint, runs under this ledger's commit lock, so that the checkpoints are written in the order their
 * cursors move. Chunks are cut under another lock: a writer whose read of the next bound waits for the
 * table's metadata lock (queued behind a DDL statement, which waits for the transactions that hold it) must
 * not keep a writer that holds it from committing, or the three would wait for one another until a lock
 * wait ran out. With one writer it is the plain sequence: each chunk moves the cursor to its end.
 */
final class ChunkLedger {

    /** A chunk handed out, with its place in the sequence. */
    record Taken(long sequence, BackfillChunker.Chunk chunk) {
    }

    /** Cuts the next chunk of about {@code size} rows, its bound read on {@code c} ({@link BackfillChunker#next}). */
    interface Chunks {
        BackfillChunker.Chunk next(Connection c, int size) throws SQLException;
    }

    /** A chunk committed ahead of the cursor: where it ends, and the rows it wrote. */
    private record Written(List<String> upper, int rows) {
    }

    /** Saves a checkpoint and commits the chunk's transaction with it. */
    interface Commit {
        void save(BackfillCheckpoints.Checkpoint at) throws SQLException;
    }

    /** Held while a chunk is cut: its bound read, and its place in the sequence. */
    private final Object cutting = new Object();
    /** Held while a chunk commits with its checkpoint. */
    private final Object committing = new Object();
    private final Chunks chunks;
    /** How much of the key range lies below a cursor ({@link BackfillKey#doneFraction}; 0 when the key does not tell). */
    private final ToDoubleFunction<List<String>> doneFraction;
    /** The checkpoint as last committed: its cursor the end of the chunks committed in sequence. */
    private BackfillCheckpoints.Checkpoint at;
    /** The chunks committed ahead of one not committed yet, and the rows each wrote, by their place in the sequence. */
    private final TreeMap<Long, Written> committedAhead = new TreeMap<>();
    private long handedOut;
    /** The place of the first chunk not committed yet. */
    private long firstOpen;
    private boolean allHandedOut;
    private volatile boolean stopped;

    ChunkLedger(Chunks chunks, ToDoubleFunction<List<String>> doneFraction, BackfillCheckpoints.Checkpoint at) {
        this.chunks = chunks;
        this.doneFraction = doneFraction;
        this.at = at;
    }

    /** The chunks of {@code chunker} along {@code key}, from where {@code at} stands. */
    static ChunkLedger of(BackfillChunker chunker, BackfillKey key, BackfillCheckpoints.Checkpoint at) {
        return new ChunkLedger(chunker::next, cursor -> key.doneFraction(at.min(), cursor, at.max()), at);
    }

    /** The next chunk, of about {@code size} rows, its bound read on {@code c}; null when none is left or the fill stopped. */
    Taken take(Connection c, int size) throws SQLException {
        synchronized (cutting) {
            if (allHandedOut || stopped) {
                return null;
            }
            BackfillChunker.Chunk chunk = chunks.next(c, size);
            allHandedOut = chunk.last();
            return new Taken(handedOut++, chunk);
        }
    }

    /** Hands out no more chunks: a writer failed. */
    void stop() {
        stopped = true;
    }

    /**
     * The chunk {@code taken}, which wrote {@code changed} rows in chunks of {@code size}, is written: the
     * checkpoint that follows is saved and committed with it by {@code commit}, and returned.
     */
    BackfillCheckpoints.Checkpoint committed(Taken taken, int changed, int size, Commit commit) throws SQLException {
        synchronized (committing) {
            return committedInOrder(taken, changed, size, commit);
        }
    }

    private BackfillCheckpoints.Checkpoint committedInOrder(Taken taken, int changed, int size, Commit commit)
            throws SQLException {
        List<String> cursor = at.cursor();
        long open = firstOpen;
        int passed = 0;
        if (taken.sequence() == open) {
            cursor = taken.chunk().upper();
            passed = changed;
            open++;
            for (Written ahead = committedAhead.get(open); ahead != null; ahead = committedAhead.get(open)) {
                cursor = ahead.upper();
                passed += ahead.rows();
                open++;
            }
        }
        double done = cursor == null ? 0 : doneFraction.applyAsDouble(cursor);
        BackfillCheckpoints.Checkpoint next = at.advance(cursor, passed, size, done);
        commit.save(next);
        if (open == firstOpen) {
            committedAhead.put(taken.sequence(), new Written(taken.chunk().upper(), changed));
        } else {
            committedAhead.headMap(open).clear();
        }
        firstOpen = open;
        at = next;
        return next;
    }

    /** Whether every chunk was handed out and committed: the checkpoint stands at the last key. */
    boolean complete() {
        synchronized (cutting) {
            synchronized (committing) {
                return allHandedOut && firstOpen == handedOut;
            }
        }
    }

    /** The checkpoint as last committed. */
    BackfillCheckpoints.Checkpoint at() {
        synchronized (committing) {
            return at;
        }
    }
}
