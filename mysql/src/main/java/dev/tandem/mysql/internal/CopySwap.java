package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a copy-based backfill ({@link CopyExpand}): the copy becomes the table. The triggers keep the
 * copy equal to the table at every commit, and one {@code RENAME TABLE} swaps both names atomically, waiting
 * (briefly, retried, as every DDL of {@link OnlineDdl}) for the transactions that use either table; a write
 * before it reached both tables, a write after it reaches the copy under the table's name. The rows need no
 * lock around it; the table's definition does, where the server allows one ({@link #renameLocked}; else
 * {@link #renameThenCompare}). Before it:
 * <ul>
 *   <li>the table must still be what the copy was made from, and still carry its writes into the copy
 *       ({@link #requireUnchanged}, {@link #requireCarried}), or nothing is swapped;</li>
 *   <li>the table's sync triggers, the column's and those of other columns and migrations, are created on
 *       the copy ({@link CopyTriggers}, under their pairs' other names: trigger names are the schema's), so
 *       old writers' rows get the new column from the first write after the swap; until the swap the writes
 *       they see are the carry triggers', rows the table's sync triggers shaped already, whose columns they
 *       compute again to the same values ({@link BackfillTask#copyProblems} and {@link CopySafety} keep the
 *       backfills for which they would not be the same in place). They are created only now: during the
 *       copy no trigger costs its writes anything;</li>
 *   <li>the copy's AUTO_INCREMENT is set to the table's where the table's is past it, so no value the table
 *       gave out is given again: the carry triggers raise it with every row they write, so it is usually
 *       there already, and the {@code ALTER TABLE}, which takes the copy's metadata lock while the
 *       application's writes (carried into the copy) queue behind it, is left out; rows deleted or inserts
 *       never committed at the end of the table leave the table's ahead.</li>
 * </ul>
 * After it, the old table's triggers are dropped (they would carry writes into a copy that is gone); the
 * old table stays until the contract.
 */
final class CopySwap {

    private static final Logger LOG = LoggerFactory.getLogger(CopySwap.class);

    private CopySwap() {
    }

    /**
     * Swaps the copy in. {@code checkedId}: InnoDB's id of the table when its rows were last compared with
     * the copy's ({@link #tableId}; empty where it cannot be read): a new id at the rename means the table
     * was made anew (a {@code TRUNCATE TABLE}) after that comparison, and the copy holds the rows it removed.
     */
    static void swap(StepContext context, BackfillTask task, CopyNames names, CopySql sql, OptionalLong checkedId)
            throws SQLException {
        requireUnchanged(context, task, names);
        requireCarried(context, task, names);
        requireStillCopyable(context, task, names);
        CopyTriggers.createOnCopy(context, task, names);
        // The counters are read as late as can be: every insert until the RENAME raises the table's.
        SchemaInspector inspector = SchemaInspector.of(context);
        OptionalLong next = CopySql.autoIncrementToSet(inspector.createStatement(task.table()),
                inspector.createStatement(names.copy()));
        if (next.isPresent()) {
            context.execute(sql.setAutoIncrement(next.getAsLong()), false);
        }
        if (ServerFlavor.renamesLockedTables(context)) {
            renameLocked(context, task, names, sql, checkedId);
        } else {
            renameThenCompare(context, task, names, sql, checkedId);
        }
        finish(context, task, names);
    }

    /**
     * MySQL: the definitions compared again, and the table's id, and the tables renamed under {@code LOCK
     * TABLES ... WRITE} of both, so no {@code ALTER TABLE} or {@code TRUNCATE TABLE} can commit between the
     * comparison and the rename. The application's requests wait for the lock as they would for the
     * rename's, a few milliseconds longer.
     */
    private static void renameLocked(StepContext context, BackfillTask task, CopyNames names, CopySql sql,
                                     OptionalLong checkedId) throws SQLException {
        Steps.underLock(context, sql.lockBoth(), () -> {
            requireUnchanged(context, task, names);
            requireStillCopyable(context, task, names);
            if (madeAnew(context, task.table(), checkedId)) {
                throw new SQLException(task.where() + ": " + task.table() + " was made anew (TRUNCATE TABLE does so) after"
                        + " its rows were last compared with its copy " + names.copy() + ", and swapping the copy in would"
                        + " bring back every row that removed. Nothing was swapped. Start again: every chunk of the copy is"
                        + " verified, and repaired, again before the swap");
            }
            context.execute(sql.swap(names.old()), false);
        });
    }

    /**
     * MariaDB, which renames no table under {@code LOCK TABLES}: the rename waits (retried) for the
     * transactions and DDL that use the table, and an {@code ALTER TABLE} that commits after the last
     * comparison of the two definitions ({@link #requireUnchanged}), one already running as the rename
     * waits for it above all, lands on the old table, not on the copy swapped in. So the two are compared
     * once more after the rename, and a difference is told as a change the user must make again. (No row
     * is lost: the rename holds the table from the moment the ALTER lets go of it.) A {@code TRUNCATE TABLE}
     * alike, seen by the old table's new id: the rows it removed are back, in the copy now in place.
     */
    private static void renameThenCompare(StepContext context, BackfillTask task, CopyNames names, CopySql sql,
                                          OptionalLong checkedId) throws SQLException {
        context.execute(sql.swap(names.old()), false);
        SchemaInspector inspector = SchemaInspector.of(context);
        List<String> differences = CopySql.shapeDifferences(inspector.createStatement(names.old()), "old table",
                inspector.createStatement(task.table()), "copy");
        if (!differences.isEmpty()) {
            LOG.warn("{}: a change to {} committed after the swap last compared it with its copy ({}): it changed the old"
                    + " table, now {}, not the copy now in place as {}. Make that change to {} again", task.where(),
                    task.table(), String.join("; ", differences), names.old(), task.table(), task.table());
        }
        if (madeAnew(context, names.old(), checkedId)) {
            LOG.warn("{}: {} was made anew (TRUNCATE TABLE does so) after the swap last compared its rows with its copy:"
                    + " a TRUNCATE emptied the old table, now {}, not the copy now in place as {}, which holds again every row"
                    + " it removed. Remove those rows from {} again if they must go (a rebuild, which also makes a table"
                    + " anew, removed none)", task.where(), task.table(), names.old(), task.table(), task.table());
        }
    }

    /**
     * InnoDB's id of the table as the rows are compared ({@link #rowsDiffer}): read before them, so that a
     * {@code TRUNCATE TABLE} after the comparison shows at the swap as a new id ({@link #swap}).
     */
    static OptionalLong tableId(StepContext context, BackfillTask task) throws SQLException {
        return SchemaInspector.of(context).innoDbTableId(task.table());
    }

    /** Whether {@code table} has another InnoDB id than {@code checkedId}: made anew since (not known when either is unreadable). */
    private static boolean madeAnew(StepContext context, String table, OptionalLong checkedId) throws SQLException {
        OptionalLong now = SchemaInspector.of(context).innoDbTableId(table);
        return checkedId.isPresent() && now.isPresent() && now.getAsLong() != checkedId.getAsLong();
    }

    /**
     * Refuses to go on with a copy whose table someone changed after the copy was made (a column or an index
     * added by hand while it ran, or while it was stopped): the swap would silently undo the change, and lose
     * what a new column held.
     */
    static void requireUnchanged(StepContext context, BackfillTask task, CopyNames names) throws SQLException {
        SchemaInspector inspector = SchemaInspector.of(context);
        List<String> differences = CopySql.shapeDifferences(inspector.createStatement(task.table()),
                inspector.createStatement(names.copy()));
        if (!differences.isEmpty()) {
            throw new SQLException(task.where() + ": " + task.table() + " was changed after its copy " + names.copy()
                    + " was made, and swapping the copy in would undo that change (" + String.join("; ", differences)
                    + "). Nothing was swapped. Undo the change to " + task.table() + " and start again, or roll the"
                    + " migration back (which drops the copy) and apply it again");
        }
    }

    /**
     * Refuses to swap in a copy of a table that took, while it was copied, what keeps a table from being copied
     * ({@link CopySafety}; asked when the copy was chosen, not when one resumes): a foreign key of another table
     * referencing it, which the rename would leave on the old table (a child naming a row written since refused,
     * the contract's DROP refused), or a trigger of the application's, which would stay on the old table unseen.
     */
    private static void requireStillCopyable(StepContext context, BackfillTask task, CopyNames names) throws SQLException {
        List<String> problems = CopySafety.read(context.connection(), task.table(), Set.copyOf(names.carryTriggers()),
                Set.copyOf(task.sync().names().names()), task.sync().sessionTag());
        if (!problems.isEmpty()) {
            throw new SQLException(task.where() + ": " + task.table() + " can no longer be swapped for its copy " + names.copy()
                    + ": since the copy began " + String.join("; ", problems) + ". Nothing was swapped. Undo that and start"
                    + " again (the copy goes on where it was), or roll the migration back (which drops the copy)");
        }
    }

    /**
     * Refuses to swap in a copy whose carry triggers someone dropped while it ran (by hand, or by another
     * tool's swap of the table): the writes since then reached the table only. A copy started again creates
     * them anew and verifies every chunk it copied before, repairing what they missed.
     */
    private static void requireCarried(StepContext context, BackfillTask task, CopyNames names) throws SQLException {
        Set<String> there = SchemaInspector.of(context).triggerDefinitions(task.table()).stream()
                .map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> missing = names.carryTriggers().stream().filter(n -> !there.contains(n.toLowerCase(Locale.ROOT))).toList();
        if (!missing.isEmpty()) {
            throw new SQLException(task.where() + ": the triggers that carry writes into the copy " + names.copy()
                    + " are no longer all on " + task.table() + " (" + String.join(", ", missing) + " dropped while the copy"
                    + " ran), so writes since then may be missing from the copy. Nothing was swapped. Start again: the"
                    + " copy goes on with its triggers created anew, and every chunk it copied is verified, and repaired,"
                    + " again before the swap");
        }
    }

    /**
     * What makes the table and the copy hold different numbers of rows, counted in one read view; empty when
     * they hold as many. The carry triggers keep the two equal at every commit, so a difference is a write
     * that went around them: {@code TRUNCATE TABLE}, which fires no trigger (and which the shape
     * {@link #requireUnchanged} compares does not show; foreign keys and partitions, whose changes would go
     * around them too, keep a table from being copied, {@link CopySafety}). Swapped in, the copy would bring
     * back every row the table lost so, and lose every row it gained. Where InnoDB's ids of both tables can be
     * read, a table whose id is still below its copy's was not made anew since the copy was, by a TRUNCATE
     * or otherwise, and is not counted: a count reads every row of both (about 0.3 s a million rows each on
     * MariaDB here, in the benchmark's table). Commits the step's transaction first, so the count sees every
     * row committed before it.
     */
    static Optional<String> rowsDiffer(StepContext context, CopySql sql) throws SQLException {
        SchemaInspector inspector = SchemaInspector.of(context);
        OptionalLong table = inspector.innoDbTableId(sql.table());
        OptionalLong copy = inspector.innoDbTableId(sql.copy());
        if (table.isPresent() && copy.isPresent() && table.getAsLong() < copy.getAsLong()) {
            return Optional.empty();
        }
        LOG.debug("Counting the rows of {} and of its copy {} (InnoDB's ids: {} and {})", sql.table(), sql.copy(), table, copy);
        // In a read view of its own: one the step's connection opened before (its checkpoint read, while
        // the verification beside it repaired the copy and another writer copied the last chunk) would count
        // the copy as it was then.
        context.connection().commit();
        List<String> counts = Jdbc.rows(context.connection(), sql.countBoth()).get(0);
        context.connection().commit();
        return counts.get(0).equals(counts.get(1)) ? Optional.empty() : Optional.of(sql.table() + " holds " + counts.get(0)
                + " rows and its copy " + sql.copy() + " " + counts.get(1));
    }

    /** Refuses to swap in a copy that holds another number of rows than the table ({@link #rowsDiffer}). */
    static void requireSameRows(StepContext context, BackfillTask task, CopySql sql) throws SQLException {
        Optional<String> differ = rowsDiffer(context, sql);
        if (differ.isPresent()) {
            throw new SQLException(task.where() + ": " + differ.get() + " even after every chunk was verified, and repaired,"
                    + " again: rows are still being removed from or added to " + task.table() + " in ways its triggers do not"
                    + " see (TRUNCATE TABLE does so). Nothing was swapped. Start again once that has stopped, or roll the"
                    + " migration back (which drops the copy) and apply it again");
        }
    }

    /** After the swap: the old table's triggers dropped, which is all a swap interrupted after its RENAME lacks. */
    static void finish(StepContext context, BackfillTask task, CopyNames names) throws SQLException {
        CopyTriggers.dropFromOld(context, names);
        LOG.info("{}: the copy is swapped in; the old table stays as {} until the contract", task.where(), names.old());
    }
}
