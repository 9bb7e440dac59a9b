package dev.tandem.mysql.internal;

import dev.tandem.mysql.internal.ChunkedBackfill.Beside;
import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The fill of a {@link ChunkedBackfill}: chunk after chunk that its {@link ChunkLedger} hands out, written
 * on the step's connection and, for a copy with more writers ({@link Beside#writers}), on connections of
 * their own at the same time, each writer sizing its chunks by how long its last one took and asking the
 * throttle before each.
 */
final class ChunkFill {

    private ChunkFill() {
    }

    /**
     * Writes every chunk {@code ledger} hands out, with {@code copier} on the step's connection and, when
     * {@code beside} asks for more writers, on connections of their own at once, each committed chunk handed
     * to {@code verification} (if not null); returns the checkpoint once every chunk is committed. A writer
     * that fails stops the others at their next chunk, and its failure is thrown; so is a fill that ended short.
     */
    static BackfillCheckpoints.Checkpoint run(StepContext context, String where, ChunkLedger ledger, BackfillCopier copier,
                                              Beside beside, BackfillProgressReporter progress,
                                              TrailingVerification verification) throws SQLException {
        int others = beside == null ? 0 : beside.writers() - 1;
        List<BackfillSession> sessions = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        // Throwables, Errors too: a writer's thread that an Error ended unseen left its chunk uncommitted while the
        // others went on to the last, and the copy, short of that chunk's rows, was swapped in.
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try {
            // Every connection first: a pool that has too few fails the fill before any writer starts.
            for (int i = 0; i < others; i++) {
                sessions.add(BackfillSession.open(context));
            }
            for (int i = 0; i < others; i++) {
                Connection other = sessions.get(i).connection();
                BackfillCopier otherCopier = new BackfillCopier(other, beside.writer().apply(other),
                        new BackfillCheckpoints(other, context.tables().backfill()));
                Thread writer = new Thread(() -> {
                    try {
                        write(context, where, ledger, otherCopier, other, progress, verification);
                    } catch (Throwable e) {
                        ledger.stop();
                        failures.add(e);
                    }
                }, "tandem-copy " + where + " #" + (i + 2));
                writer.setDaemon(true);
                writers.add(writer);
                writer.start();
            }
            try {
                write(context, where, ledger, copier, context.connection(), progress, verification);
            } catch (SQLException | RuntimeException | Error e) {
                ledger.stop();
                failures.add(0, e);
                // A writer held back by the throttle (a pause, a lagging replica) would hold the failure back too.
                writers.forEach(Thread::interrupt);
            }
            joinAll(writers);
        } finally {
            for (BackfillSession session : sessions) {
                session.close();
            }
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            if (first instanceof Error e) {
                throw e;
            }
            throw first instanceof SQLException e ? e
                    : new SQLException(where + ": a writer of the copy failed: " + first.getMessage(), first);
        }
        if (!ledger.complete()) {
            throw new SQLException(where + ": the fill's writers ended before every chunk was written (the checkpoint"
                    + " stands at key " + ledger.at().cursor() + " of " + ledger.at().max() + "); nothing after it runs."
                    + " Start again: the fill goes on from its checkpoint");
        }
        BackfillCheckpoints.Checkpoint at = ledger.at();
        progress.filled(at.rowsDone());
        return at;
    }

    /**
     * Writes chunk after chunk that {@code ledger} hands out, on {@code c}, each sized by how long the one
     * before took, until none is left.
     */
    private static void write(StepContext context, String where, ChunkLedger ledger, BackfillCopier copier, Connection c,
                              BackfillProgressReporter progress, TrailingVerification verification) throws SQLException {
        int size = ledger.at().chunkSize();
        while (true) {
            context.awaitThrottle(where);
            long chunkStarted = System.nanoTime();
            ChunkLedger.Taken taken = ledger.take(c, size);
            if (taken == null) {
                return;
            }
            BackfillCheckpoints.Checkpoint at = copier.copy(ledger, taken, size, progress::rowsPerSecond);
            if (verification != null) {
                verification.committed(taken.chunk());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - chunkStarted);
            size = BackfillChunker.nextChunkSize(size, millis, context.chunkTarget().toMillis());
            progress.chunkDone(at, size);
        }
    }

    /**
     * Waits for the writers beside the step's own; each ends at its next chunk once the ledger stopped. An
     * interrupt (Tandem closing) is passed on to them, and they are still waited for, so that no writer is
     * mid-chunk when its session closes.
     */
    private static void joinAll(List<Thread> writers) {
        boolean interrupted = false;
        for (Thread writer : writers) {
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    writers.forEach(Thread::interrupt);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
