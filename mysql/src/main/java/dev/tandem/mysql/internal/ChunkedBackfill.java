package dev.tandem.mysql.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * The backfill of one column, as one resumable step. It puts together:
 * <ul>
 *   <li>{@link BackfillKey}: the key it walks (the primary key, else a unique key over NOT NULL
 *       columns; composite keys compare as row constructors);</li>
 *   <li>{@link BackfillChunker}: keyset chunks along that key up to the largest key that existed when
 *       the backfill began (rows inserted later already have the new shape: the triggers exist, so it
 *       ends even under a steady insert load), sized to a target time per chunk;</li>
 *   <li>{@link BackfillCopier}: each chunk's UPDATE and its checkpoint ({@link BackfillCheckpoints})
 *       commit together, so a node that dies resumes after the last committed chunk;</li>
 *   <li>{@link BackfillVerifier}: then a chunked verification, which repairs rows a writer left wrong
 *       and fails the step on rows still wrong, so the migration never becomes READY;</li>
 *   <li>{@link BackfillProgressReporter}: progress (rows, rows/s, ETA) in the log and to the listeners.</li>
 * </ul>
 * Before each chunk it asks the throttle (pause, Threads_running, the user's signals), and its session
 * is marked ({@code @tandem_backfill}) so that the sync triggers leave its writes alone.
 */
final class ChunkedBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkedBackfill.class);

    /**
     * How much of the assignment a checkpoint's id keeps: the id column holds 255 characters, the
     * version (at most 50) and the table (at most 64) come first.
     */
    static final int ID_ASSIGNMENT_CHARS = 100;

    private ChunkedBackfill() {
    }

    /** What one backfill fills: its checkpoint id, migration and column ({@code table.column}). */
    record Target(String id, String version, String name) {

        static Target of(String version, String table, String column, String expression) {
            String assignment = Identifiers.quote(column) + " = (" + expression + ")";
            String id = version + ":" + table + ":" + assignment.substring(0, Math.min(ID_ASSIGNMENT_CHARS, assignment.length()));
            return new Target(id, version, table + "." + column);
        }
    }

    /**
     * The backfill of {@code column = (expression)}: rows that do not hold it yet are written, and
     * verified after, as its {@code kind} allows (see {@link BackfillSql}).
     */
    static Step step(String where, String version, String table, String column, String expression, BackfillSql.Kind kind) {
        Target target = Target.of(version, table, column, expression);
        return Steps.of(where + ": backfill in chunks", (context, resumed) -> SyncSession.run(context, () -> run(context,
                resumed, where, target, table, column, expression, BackfillSql.of(context, table, column, expression, kind,
                        where))));
    }

    private static void run(StepContext context, boolean resumed, String where, Target target, String table,
                            String column, String expression, BackfillSql sql) throws SQLException {
        Connection c = context.connection();
        BackfillKey key = BackfillKey.of(context, table, where);
        String t = Identifiers.quote(table);
        BackfillCheckpoints checkpoints = new BackfillCheckpoints(c, context.tables().backfill());
        if (!resumed) {
            // A fresh run (first time, or after a rollback and a new expand): an old checkpoint is stale.
            checkpoints.discard(target.id());
        }
        BackfillCheckpoints.Checkpoint at = checkpoints.load(target.id());
        if (at != null && !(key.travelsAs(at.min()) && key.travelsAs(at.max()) && key.travelsAs(at.cursor()))) {
            LOG.warn("{}: the backfill's checkpoint of {} holds its bytes key as text (written before keys of bytes travelled"
                    + " in hex, which could skip rows); the backfill starts again from the first key", where, target.name());
            checkpoints.discard(target.id());
            at = null;
        }
        boolean begins = at == null;
        if (begins) {
            at = checkpoints.begin(target.id(), target.version(), target.name(), key.edge(c, t, false),
                    key.edge(c, t, true), new SchemaInspector(c).estimatedRows(table));
            c.commit();
        }
        BackfillProgressReporter progress = new BackfillProgressReporter(context, where, target.version(), target.name(),
                at.rowsDone());
        if (!begins) {
            progress.resuming(at);
        }
        BackfillCopier copier = new BackfillCopier(c, t, key, sql, checkpoints);
        BackfillVerifier verifier = new BackfillVerifier(context, where, t, key, sql, Identifiers.quote(column), expression,
                copier);
        // The session is marked so that the sync triggers leave the backfill's writes alone.
        context.execute("SET @tandem_backfill = 1", false);
        try {
            if (at.max() != null) {
                at = fill(context, where, new BackfillChunker(key, t, at.min(), at.max(), at.cursor()), copier, progress, at);
            }
            long millis = verifier.verify(at);
            checkpoints.markVerified(at.id());
            progress.verified(millis, sql.exact());
        } finally {
            context.execute("SET @tandem_backfill = NULL", false);
        }
        progress.reportVerified(at);
    }

    /** Copies chunk after chunk, from {@code at} to the last key, each sized by how long the one before took. */
    private static BackfillCheckpoints.Checkpoint fill(StepContext context, String where, BackfillChunker chunks,
                                                       BackfillCopier copier, BackfillProgressReporter progress,
                                                       BackfillCheckpoints.Checkpoint at) throws SQLException {
        int size = at.chunkSize();
        while (true) {
            context.awaitThrottle(where);
            long chunkStarted = System.nanoTime();
            BackfillChunker.Chunk chunk = chunks.next(context.connection(), size);
            at = copier.copy(chunk, size, at, progress::rowsPerSecond);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - chunkStarted);
            size = BackfillChunker.nextChunkSize(size, millis, context.chunkTarget().toMillis());
            progress.chunkDone(at, size);
            if (chunk.last()) {
                progress.filled(at.rowsDone());
                return at;
            }
        }
    }
}
