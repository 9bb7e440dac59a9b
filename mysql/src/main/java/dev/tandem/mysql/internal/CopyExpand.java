package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill that builds a copy of its table in the new shape and swaps it in, instead of updating every
 * row in place: a fresh, compact copy is written once, where an update in place grows each row (page
 * splits), and writes an undo and a binary-log image of it. As pt-online-schema-change does, with the
 * rest of Tandem's backfill (checkpoints, throttle, verification):
 * <ol>
 *   <li>the copy ({@code CREATE TABLE ... LIKE} the table, to which the expand added the new column), and
 *       on the table the triggers that carry every write into the copy in the writer's own transaction:
 *       deletes, then updates, then inserts, so that no row reaches the copy before the triggers that carry
 *       its later changes exist;</li>
 *   <li>the rows copied in keyset chunks with the new column computed ({@link CopyChunks}), each chunk
 *       committed with its checkpoint, so a node that dies resumes after the last one
 *       ({@link ChunkedBackfill#run}), by {@link dev.tandem.spi.DdlPolicy#copyThreads} connections at once;</li>
 *   <li>the copy verified against the table, chunk by chunk, each in one read view of both; then both sides
 *       counted in one read view, which catches what went around the triggers after its chunk was verified
 *       ({@code TRUNCATE TABLE}): the copy is then verified again, whole, and repaired;</li>
 *   <li>the swap ({@link CopySwap}): the table's sync triggers in place on the copy ({@link CopyTriggers}), then one
 *       {@code RENAME TABLE}.</li>
 * </ol>
 * The old table stays, under {@link CopyNames#old}, until the contract drops it.
 */
final class CopyExpand {

    private static final Logger LOG = LoggerFactory.getLogger(CopyExpand.class);

    private CopyExpand() {
    }

    /**
     * The copy's chunks, written and verified ({@link ChunkedBackfill#run}), in UTC where {@code utc}
     * ({@link BackfillZone}: else a TIMESTAMP of the hour the server's zone repeats would be copied an hour off).
     */
    private static void fill(StepContext context, boolean resumed, BackfillTask task, BackfillKey key, CopyChunks chunks,
                             ChunkedBackfill.Beside beside, boolean utc, boolean exact) throws SQLException {
        BackfillZone.run(context, utc, () -> ChunkedBackfill.run(context, resumed, task, key, chunks, chunks, beside, exact));
    }

    /** Copies {@code task}'s table and swaps the copy in, or finishes what an interrupted run began. */
    static void run(StepContext context, boolean resumed, BackfillTask task) throws SQLException {
        CopyNames names = names(task);
        SchemaInspector inspector = SchemaInspector.of(context);
        boolean copyThere = inspector.table(names.copy()).isPresent();
        if (!copyThere && inspector.table(names.old()).isPresent()) {
            LOG.info("{}: the copy was swapped in before the process stopped; finishing the swap", task.where());
            CopySwap.finish(context, task, names);
            return;
        }
        BackfillKey key = BackfillKey.of(context, task.table(), task.where());
        List<ColumnInfo> columns = inspector.columns(task.table());
        BackfillSql backfill = BackfillSql.of(context, task.table(), task.column(), task.expression(), task.kind(), task.where());
        CopySql sql = new CopySql(task.table(), names.copy(), key, columns.stream()
                .filter(c -> !c.isGenerated()).toList(), task.column(), task.expression(), task.kind(), backfill.mismatch());
        if (copyThere) {
            CopySwap.requireUnchanged(context, task, names);
            CopyTriggers.dropFromCopy(context, names);
        } else {
            context.execute(sql.createCopy(), resumed);
        }
        SyncSession.carrying(context, () -> {
            context.execute(sql.carryDelete(names.carryDelete()), resumed || copyThere);
            context.execute(sql.carryUpdate(names.carryUpdate()), resumed || copyThere);
            context.execute(sql.carryInsert(names.carryInsert()), resumed || copyThere);
        });
        CopyChunks chunks = CopyChunks.of(context, sql, columns);
        ChunkedBackfill.Beside beside = new ChunkedBackfill.Beside(chunks::on, chunks::on, chunks.writers(context, task.where()));
        boolean utc = BackfillZone.utc(task.column(), task.expression(), columns);
        // Checked before a copy begins; asked again for one an earlier run began, in case the server's zone changed.
        Optional<String> zone = BackfillZone.copyProblem(context.connection(), task.column(), task.expression(), columns);
        if (zone.isPresent()) {
            throw SchemaRefusal.copyImpossible(task.where(), task.table(), new BackfillChoice(BackfillChoice.Outcome.REFUSED,
                    "the copy of " + task.table() + " cannot go on: " + zone.get()));
        }
        fill(context, resumed, task, key, chunks, beside, utc, backfill.exact());
        CopySwap.requireUnchanged(context, task, names);
        OptionalLong checkedId = CopySwap.tableId(context, task);
        Optional<String> differ = CopySwap.rowsDiffer(context, sql);
        if (differ.isPresent()) {
            LOG.warn("{}: {}, where its triggers keep them equal: rows were removed from or added to the table in a way"
                    + " they do not see while it was copied (TRUNCATE TABLE does so). Verifying, and repairing, every chunk"
                    + " of the copy again before the swap", task.where(), differ.get());
            fill(context, true, task, key, chunks, beside, utc, backfill.exact());
            checkedId = CopySwap.tableId(context, task);
            CopySwap.requireSameRows(context, task, sql);
        }
        CopySwap.swap(context, task, names, sql, checkedId);
    }

    /** Whether a copy of {@code task}'s table began: its copy, or the old table of its swap, is there. */
    static boolean begun(StepContext context, BackfillTask task) throws SQLException {
        CopyNames names = names(task);
        SchemaInspector inspector = SchemaInspector.of(context);
        return inspector.table(names.copy()).isPresent() || inspector.table(names.old()).isPresent();
    }

    /**
     * Removes what an earlier attempt of {@code task}'s copy left, before a fresh run (a rollback removes
     * it; this is for one that could not): its carry triggers first, then the old table, then the copy they write
     * into. The old table before the copy: a process stopped between the two would leave the old table alone, which
     * the resumed step takes for a copy swapped in ({@link #run}), and it would finish without copying a row.
     */
    static void discard(StepContext context, BackfillTask task) throws SQLException {
        if (begun(context, task)) {
            LOG.info("{}: dropping a copy an earlier attempt left", task.where());
            for (String trigger : names(task).carryTriggers()) {
                context.execute(CopyNames.dropTrigger(trigger), false);
            }
            context.execute(CopyNames.dropTable(names(task).old()), false);
            context.execute(CopyNames.dropTable(names(task).copy()), false);
        }
    }


    static CopyNames names(BackfillTask task) {
        return CopyNames.of(task.version(), task.table(), task.column());
    }

    /** What stands in the way of copying {@code task}'s table, in the task and in the live schema (none: it can be copied). */
    static List<String> problems(java.sql.Connection connection, BackfillTask task) throws SQLException {
        List<String> problems = new java.util.ArrayList<>(task.copyProblems());
        problems.addAll(CopySafety.read(connection, task.table(), Set.copyOf(names(task).carryTriggers()),
                Set.copyOf(task.sync().names().names()), task.sync().sessionTag()));
        SchemaInspector inspector = new SchemaInspector(connection);
        List<ColumnInfo> columns = inspector.columns(task.table());
        BackfillZone.copyProblem(connection, task.column(), task.expression(), columns).ifPresent(problems::add);
        List<IndexInfo> indexes = inspector.indexes(task.table());
        BackfillZone.generatedProblem(columns, indexes).ifPresent(problems::add);
        CopySafety.uniqueOver(task.column(), columns, indexes).ifPresent(problems::add);
        CopySafety.primaryKeyProblem(columns, indexes).ifPresent(problems::add);
        return problems;
    }
}
