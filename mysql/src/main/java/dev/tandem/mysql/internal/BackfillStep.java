package dev.tandem.mysql.internal;

import dev.tandem.spi.DdlPolicy;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step of a {@link BackfillTask}: it chooses, as it runs, how to rewrite the table ({@link BackfillChoice}:
 * what the script asks, the table's size against {@link DdlPolicy#copyThreshold()}, what stands in the way
 * of a copy) and runs that, in place ({@link ChunkedBackfill#inPlace}) or as a copy ({@link CopyExpand}). A
 * resumed step goes on the way it began: a copy once a copy's table exists, in place once its checkpoint
 * does. {@code tandem plan} shows the choice as it would be made now ({@link Step#choice}).
 */
final class BackfillStep {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillStep.class);

    /** What a copy's choice adds where the contract will leave the old table ({@link DropReplacedTable}). */
    private static final String KEPT_NOTE = "with keepReplacedTables the contract leaves the old table, and its disk stays taken"
            + " until you drop it";

    private BackfillStep() {
    }

    static Step of(BackfillTask task) {
        return new Step() {
            @Override
            public String description() {
                return task.where() + ": backfill in chunks";
            }

            @Override
            public String choice(Connection connection, DdlPolicy policy) throws SQLException {
                if (!task.copyable()) {
                    return null;
                }
                if (new SchemaInspector(connection).table(task.table()).isEmpty()) {
                    return "decided when it runs (the table does not exist yet): in place or a copy, by its size against"
                            + " copyExpandThreshold " + policy.copyThreshold();
                }
                return choose(connection, task, policy).reason();
            }

            @Override
            public void apply(StepContext context, boolean resumed) throws SQLException {
                SyncSession.run(context, () -> run(context, resumed, task));
            }
        };
    }

    private static void run(StepContext context, boolean resumed, BackfillTask task) throws SQLException {
        if (!task.copyable()) {
            ChunkedBackfill.inPlace(context, resumed, task);
            return;
        }
        if (!resumed) {
            CopyExpand.discard(context, task);
        } else if (CopyExpand.begun(context, task)) {
            LOG.info("{}: going on with the copy of {} an earlier run began", task.where(), task.table());
            CopyExpand.run(context, true, task);
            return;
        } else if (ChunkedBackfill.begun(context, task)) {
            ChunkedBackfill.inPlace(context, true, task);
            return;
        }
        BackfillChoice choice = choose(context.connection(), task, context.ddlPolicy());
        switch (choice.outcome()) {
            case REFUSED -> throw SchemaRefusal.copyImpossible(task.where(), task.table(), choice);
            case COPY -> {
                LOG.info("{}: backfill as {}", task.where(), choice.reason());
                CopyExpand.run(context, resumed, task);
            }
            case IN_PLACE -> {
                LOG.info("{}: backfill {}", task.where(), choice.reason());
                ChunkedBackfill.inPlace(context, resumed, task);
            }
        }
    }

    /** The choice for {@code task} on the schema as it is now, under {@code policy}. */
    static BackfillChoice choose(Connection connection, BackfillTask task, DdlPolicy policy) throws SQLException {
        SchemaInspector inspector = new SchemaInspector(connection);
        // A table an earlier operation of this migration copied and swapped in has, for a while, the server's
        // statistics of the empty copy it was made as (a few rows, a few KiB): it holds at least what the table
        // it replaced held, which is kept under a name made of the migration, the table and a column it has.
        List<ColumnInfo> columns = inspector.columns(task.table());
        SchemaInspector.TableSize replaced = inspector.largestOf(columns.stream()
                .map(c -> CopyNames.of(task.version(), task.table(), c.name()).old()).toList());
        long rows = Math.max(inspector.estimatedRows(task.table()), replaced.rows());
        if (task.strategy() == BackfillStrategy.IN_PLACE) {
            // A backfill that never copies reads nothing a copy would need.
            return BackfillChoice.of(task.strategy(), policy.copyThreshold(), rows, List.of(), CopySpace.NOT_READ);
        }
        BackfillChoice choice = BackfillChoice.of(task.strategy(), policy.copyThreshold(), rows,
                CopyExpand.problems(connection, task), CopySpace.read(connection, task.table()).atLeast(replaced.bytes()));
        if (!choice.copies()) {
            return choice;
        }
        BackfillChoice written = choice.noting(CopyChunks.writersNote(policy.copyThreads(),
                CopyChunks.autoIncrementLocked(connection, columns)));
        return policy.keepReplacedTables() ? written.noting(KEPT_NOTE) : written;
    }
}
