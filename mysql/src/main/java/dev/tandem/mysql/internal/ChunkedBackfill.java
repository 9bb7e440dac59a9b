package dev.tandem.mysql.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * The chunked, checkpointed, verified rewrite of a table's rows that both strategies share: in place (the
 * rows updated, {@link #inPlace}) or into a copy ({@link CopyExpand}), each with its own
 * {@link ChunkWriter} and {@link ChunkCheck}. It puts together:
 * <ul>
 *   <li>{@link BackfillKey}: the key it walks (the primary key, else a unique key over NOT NULL
 *       columns; composite keys compare as row constructors);</li>
 *   <li>{@link BackfillChunker}: keyset chunks along that key up to the largest key that existed when
 *       the backfill began (rows inserted later already have the new shape: the triggers exist, so it
 *       ends even under a steady insert load), sized to a target time per chunk;</li>
 *   <li>{@link BackfillCopier}: each chunk's writes and its checkpoint ({@link BackfillCheckpoints})
 *       commit together, so a node that dies resumes after the last committed chunk;</li>
 *   <li>{@link ChunkFill}: the chunks written, by one connection or, for a copy, several at once, the
 *       checkpoint moved by a {@link ChunkLedger} only past chunks committed in sequence;</li>
 *   <li>{@link BackfillVerifier}: then a chunked verification, which repairs rows a writer left wrong
 *       and fails the step on rows still wrong, so the migration never becomes READY;</li>
 *   <li>{@link BackfillProgressReporter}: progress (rows, rows/s, ETA) in the log and to the listeners.</li>
 * </ul>
 * Before each chunk it asks the throttle (pause, Threads_running, the user's signals), and its session
 * is marked ({@code @tandem_backfill}) so that the sync triggers leave its writes alone (but set_not_null's).
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
     * The backfill of {@code task} in place: rows that do not hold {@code column = (expression)} yet are
     * updated, and verified after, as its kind allows (see {@link BackfillSql}); in UTC where the value
     * allows ({@link BackfillZone}).
     */
    static void inPlace(StepContext context, boolean resumed, BackfillTask task) throws SQLException {
        BackfillSql sql = BackfillSql.of(context, task.table(), task.column(), task.expression(), task.kind(), task.where());
        BackfillKey key = BackfillKey.of(context, task.table(), task.where());
        InPlaceChunks chunks = new InPlaceChunks(context.connection(), Identifiers.quote(task.table()), key, sql,
                Identifiers.quote(task.column()), task.expression(), task.kind());
        boolean utc = BackfillZone.utc(task.column(), task.expression(), SchemaInspector.of(context).columns(task.table()));
        BackfillZone.run(context, utc, () -> run(context, resumed, task, key, chunks, chunks, null, sql.exact()));
    }

    /**
     * A copy's work on connections of its own: its verification, chunk by chunk beside the fill
     * ({@link TrailingVerification}), with the check {@code check} gives for a connection, and {@code writers}
     * connections writing the copy's chunks at once (the step's own and {@code writers - 1} more), with the
     * writer {@code writer} gives for each.
     */
    record Beside(Function<Connection, ChunkCheck> check, Function<Connection, ChunkWriter> writer, int writers) {
    }

    /**
     * Fills and verifies the rows of {@code task}'s table along {@code key}: from its checkpoint (discarded
     * on a fresh run, which begins a new one), chunk after chunk written by {@code writer}, then checked by
     * {@code check} (after the fill), or with {@code beside} when not null; the checkpoint is then marked
     * verified. {@code exact}: whether the check compares values (else it sees only rows never written), for
     * the log.
     */
    static void run(StepContext context, boolean resumed, BackfillTask task, BackfillKey key, ChunkWriter writer,
                    ChunkCheck check, Beside beside, boolean exact) throws SQLException {
        String where = task.where();
        Target target = Target.of(task.version(), task.table(), task.column(), task.expression());
        Connection c = context.connection();
        String t = Identifiers.quote(task.table());
        BackfillCheckpoints checkpoints = new BackfillCheckpoints(c, context.tables().backfill());
        if (!resumed) {
            // A fresh run (first time, or after a rollback and a new expand): an old checkpoint is stale.
            checkpoints.discard(target.id());
        }
        BackfillCheckpoints.Checkpoint at = checkpoints.load(target.id());
        if (at != null && !(key.travelsAs(at.min()) && key.travelsAs(at.max()) && key.travelsAs(at.cursor()))) {
            LOG.warn("{}: the backfill's checkpoint of {} holds its key as an earlier version read it (bytes as text, or an"
                    + " ENUM or SET by its name, which could skip rows); the backfill starts again from the first key", where,
                    target.name());
            checkpoints.discard(target.id());
            at = null;
        }
        boolean begins = at == null;
        if (begins) {
            at = checkpoints.begin(target.id(), target.version(), target.name(), key.edge(c, t, false),
                    key.edge(c, t, true), new SchemaInspector(c).estimatedRows(task.table()));
            c.commit();
        }
        BackfillProgressReporter progress = new BackfillProgressReporter(context, where, target.version(), target.name(),
                at.rowsDone());
        if (!begins) {
            progress.resuming(at);
        }
        BackfillCopier copier = new BackfillCopier(c, writer, checkpoints);
        // The session is marked so that the sync triggers leave the backfill's writes alone. Not set_not_null's, which
        // writes the column itself, where its own trigger changes nothing (it fills a NULL only): the triggers of other
        // operations that read the column (an add_column's up over it, of this migration or another in flight) must
        // see the value it gets, or their columns keep what they computed from the NULL.
        boolean marked = task.kind() != BackfillSql.Kind.NULLS;
        if (marked) {
            context.execute("SET @tandem_backfill = 1", false);
        }
        try {
            BackfillVerifier.Verified verified;
            ChunkLedger ledger = ChunkLedger.of(new BackfillChunker(key, t, at.min(), at.max(), at.cursor()), key, at);
            if (beside == null || at.max() == null) {
                if (at.max() != null) {
                    at = ChunkFill.run(context, where, ledger, copier, null, progress, null);
                }
                verified = new BackfillVerifier(context, where, t, key, check, c).verify(at);
            } else {
                try (TrailingVerification verification = TrailingVerification.start(context, where, t, key, beside.check(),
                        at.min(), at.cursor(), at.max())) {
                    at = ChunkFill.run(context, where, ledger, copier, beside, progress, verification);
                    verified = verification.finish();
                }
            }
            checkpoints.markVerified(at.id());
            progress.verified(verified, exact);
        } finally {
            if (marked) {
                context.execute("SET @tandem_backfill = NULL", false);
            }
        }
        progress.reportVerified(at);
    }

    /** Whether {@code task} has a checkpoint: a backfill of it began (and may have ended). */
    static boolean begun(StepContext context, BackfillTask task) throws SQLException {
        return new BackfillCheckpoints(context.connection(), context.tables().backfill())
                .load(Target.of(task.version(), task.table(), task.column(), task.expression()).id()) != null;
    }
}
