package dev.tandem.mysql.internal;

import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Building blocks for the steps of declarative operations. */
final class Steps {

    private static final Logger LOG = LoggerFactory.getLogger(Steps.class);
    /** The swap's ALTER runs so under its table lock: the server refuses it rather than rebuild the table there. */
    private static final String INSTANTLY = ", ALGORITHM=INSTANT";
    /**
     * How long the server waits for the next statement of a session that holds a table lock before it ends the
     * session, and the lock with it: a node that froze (a pause, a stopped VM) or dropped off the network under
     * {@code LOCK TABLES} sends no FIN, and held every query of the table until the server's wait_timeout, 8 hours
     * by default. The statements under the lock take milliseconds; a node cut off so is resumed as a killed one.
     */
    static final Duration LOCK_HOLDER_IDLE_LIMIT = Duration.ofSeconds(10);
    private static final SessionVariables IDLE_LIMIT = SessionVariables.of("wait_timeout");
    private static final String SET_IDLE_LIMIT = "SET SESSION wait_timeout = ";

    private Steps() {
    }

    /** Work on the step's connection. */
    interface Work {
        void run() throws SQLException;
    }

    interface Action {
        void run(StepContext context, boolean resumed) throws SQLException;
    }

    /** A step that builds what it runs as it runs (its {@link Step#sql()} is null). */
    static Step of(String description, Action action) {
        return step(description, null, action);
    }

    /** A step that runs one statement known now, which a dry run can show. */
    static Step sql(String description, String sql) {
        return step(description, sql, (context, resumed) -> context.execute(sql, resumed));
    }

    private static Step step(String description, String sql, Action action) {
        return new Step() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public String sql() {
                return sql;
            }

            @Override
            public void apply(StepContext context, boolean resumed) throws SQLException {
                action.run(context, resumed);
            }
        };
    }

    /** Creates a sync trigger, built against the table as it is when the step runs. */
    static Step trigger(String description, String name, String event, String table, SyncTrigger.Branch forOld,
                        SyncTrigger.Branch forNew, String sessionTag) {
        return of(description, (context, resumed) -> SyncSession.run(context, () -> context.execute(
                SyncTrigger.create(context, name, event, table, forOld, forNew, sessionTag), resumed)));
    }

    /**
     * The names of a column pair's two sync triggers, and their other names ({@code onCopy}; null in the
     * other pair), which they take on the table's copy when a copy-based backfill ({@link CopyExpand}) swaps
     * one in, and back at the next such swap ({@link CopyTriggers}). Trigger names are the schema's, so the
     * copy's cannot take the table's while both tables exist.
     */
    record TriggerPair(String insert, String update, TriggerPair onCopy) {

        /** How many of its triggers a table has while the pair is on it: the insert and the update trigger. */
        static final int ON_A_TABLE = 2;

        static TriggerPair of(String version, String table, String column) {
            return new TriggerPair(SyncTrigger.name(version, table, column, "INSERT", false),
                    SyncTrigger.name(version, table, column, "UPDATE", false),
                    new TriggerPair(SyncTrigger.name(version, table, column, "INSERT", true),
                            SyncTrigger.name(version, table, column, "UPDATE", true), null));
        }

        /**
         * Drops the pair, under whichever of its names it is (each statement a no-op when its trigger is not
         * there): copy-based backfills of its table, of this migration or another, move it from one to the other.
         */
        List<Step> drop(String where) {
            return List.of(sql(where + ": drop its insert trigger", dropSql(insert)),
                    sql(where + ": drop its update trigger", dropSql(update)),
                    sql(where + ": drop its insert trigger of a copy swapped in", dropSql(onCopy.insert)),
                    sql(where + ": drop its update trigger of a copy swapped in", dropSql(onCopy.update)));
        }

        /** Every name the pair may have: its own, and its other ones. */
        List<String> names() {
            return List.of(insert, update, onCopy.insert, onCopy.update);
        }

        static String dropSql(String trigger) {
            return "DROP TRIGGER IF EXISTS " + Identifiers.quote(trigger);
        }
    }

    /**
     * A column pair's sync triggers: their names, what old writers' rows get ({@code forOld}, null:
     * nothing) and what new writers' rows get ({@code forNew}), new writers being the sessions tagged
     * {@code sessionTag} or later.
     */
    record SyncTriggers(TriggerPair names, SyncTrigger.Branch forOld, SyncTrigger.Branch forNew, String sessionTag) {

        /**
         * The steps that create them on {@code table}, the update trigger first. Between the two steps (or
         * after a crash between them) a row an old writer inserts keeps the new column NULL, which the
         * backfill fills, and an update of that row is synced. The other order would let an update of a
         * row inserted with the new column set leave it stale, with nothing to tell the backfill so.
         */
        /** The expressions the pair computes {@code target} from, for old and new writers. */
        List<String> expressions(String target) {
            List<String> expressions = new ArrayList<>();
            SyncTrigger.expressions(forOld, target, expressions);
            SyncTrigger.expressions(forNew, target, expressions);
            return expressions;
        }

        List<Step> create(String where, String table) {
            return List.of(trigger(where + ": sync trigger for updates", names.update(), "UPDATE", table, forOld, forNew,
                            sessionTag),
                    trigger(where + ": sync trigger for inserts", names.insert(), "INSERT", table, forOld, forNew, sessionTag));
        }

    }

    interface SqlFor {
        String sql(StepContext context) throws SQLException;
    }

    /**
     * The swap that ends a two-shape window: under {@code LOCK TABLES ... WRITE} the sync triggers are
     * dropped and one ALTER swaps the shapes, so no write lands between the two. The ALTER is built
     * (reading the schema) before the lock is taken.
     *
     * <p>Which of the two goes first decides what a crash between them costs, since the lock ends with the
     * session. Triggers first ({@code resync} given, or null when nothing the swap keeps depends on them),
     * writes go on unsynced until the next node resumes the step, which creates the triggers again and, on
     * every resume before the swap happened, gives the column that stays the other's value where they differ,
     * as the triggers would have: online, chunk by chunk, the triggers in place, before the table lock (under
     * it, a pass over a large table would hold every query of it). Where no such rule can tell what the triggers
     * would have written ({@link #lockedSwapTriggersLast}), the ALTER goes first, and adds a placeholder of
     * the column it removes ({@link SwapPlaceholder}), dropped after the triggers: the triggers a crash leaves
     * behind go on working until the resume drops them, then the placeholder.
     *
     * <p>If the swap fails (a SQL error; a crash is the resume's to mend), the triggers are in place when the
     * lock goes, created again if they were dropped first: the contract then waits FAILED for a person, and
     * until then every write is still synced. A resumed swap that finds the triggers gone while the shape
     * before the swap is still there ({@code goneAfterSwap}, the column the swap removes, exists) creates
     * them again before anything else, so that a resumed swap that fails leaves them in place too.
     */
    static Step lockedSwap(String description, String table, SyncTriggers sync, String goneAfterSwap, Resync resync,
                           SqlFor alter) {
        return lockedSwap(description, table, sync, goneAfterSwap, resync, false, alter);
    }

    /**
     * The swap as above with the ALTER before the triggers are dropped, and {@code placeholder} standing in for
     * the column it removes until they are. For a column that new code may write apart from the one that goes
     * (alter_column with down): a write of the one that goes, made while a crash left the triggers dropped,
     * would leave the other stale, and nothing in the row tells such a write from new code writing both. And
     * for drop_column with down, where nothing the triggers write outlives the swap: a crash that left them
     * dropped before it would fail new code's inserts into a NOT NULL column they no longer fill.
     */
    static Step lockedSwapTriggersLast(String description, String table, SyncTriggers sync, SwapPlaceholder placeholder,
                                       SqlFor alter) {
        return lockedSwap(description, table, sync, placeholder.column(), null, true, alter);
    }

    private static Step lockedSwap(String description, String table, SyncTriggers sync, String goneAfterSwap,
                                   Resync resync, boolean triggersLast, SqlFor alter) {
        String t = Identifiers.quote(table);
        TriggerPair triggers = sync.names();
        // What stands in for the column the ALTER removes where it runs apart from the triggers' drop.
        SwapPlaceholder standIn = new SwapPlaceholder(goneAfterSwap);
        return of(description, (context, resumed) -> {
            // Read once: nothing before the ALTER changes it. Gone already where a resumed swap's ALTER ran.
            Optional<ColumnInfo> gone = SchemaInspector.of(context).column(table, goneAfterSwap);
            if (resumed && gone.filter(SwapPlaceholder::is).isPresent()) {
                LOG.info("{}: the swap's ALTER had run; dropping the sync triggers and the placeholder it left", description);
                underLock(context, "LOCK TABLES " + t + " WRITE", () -> {
                    dropTriggers(context, triggers);
                    context.execute(standIn.dropSql(table), true);
                });
                return;
            }
            if (resumed && gone.isPresent()) {
                if (SavedTriggers.of(context, table, triggers.names()).count() < TriggerPair.ON_A_TABLE) {
                    LOG.warn("{}: the sync triggers are gone while both shapes are still there (dropped by hand, or by a"
                            + " swap a crash cut short): created again before the swap is retried{}", description,
                            resync != null ? "; rows written meanwhile are synced before it, chunk by chunk"
                                    : triggersLast ? "; a row written without them keeps what it was written with, since"
                                    + " nothing tells such rows" : "");
                    for (Step create : sync.create(description, table)) {
                        create.apply(context, true);
                    }
                }
                // On every resume: a node that created the triggers again may have died before it resynced.
                if (resync != null) {
                    SyncSession.run(context, () -> resync.inChunks(context, table, description));
                }
            }
            // The swap's DROP COLUMN takes a row version; a placeholder's ADD and DROP two more.
            rebuildIfNoInstantChangeLeft(context, table, triggersLast ? 3 : 1);
            // Where the column is gone already, the ALTER fails as applied, and needs no placeholder.
            String alterSql = alter.sql(context);
            String withStandIn = alterSql + gone.map(c -> standIn.addClause(c.definition().definition())).orElse("");
            // Instant, or not under the lock at all: a rebuild under it would hold every query of the table.
            String swap = (triggersLast ? withStandIn : alterSql) + INSTANTLY;
            // What a failed swap puts back, where the triggers go first (read before the lock).
            SavedTriggers dropped = triggersLast ? null : SavedTriggers.of(context, table, triggers.names());
            try {
                underLock(context, "LOCK TABLES " + t + " WRITE", () -> {
                    if (triggersLast) {
                        // A failed ALTER leaves the triggers as they were.
                        context.execute(swap, resumed);
                        dropTriggers(context, triggers);
                        context.execute(standIn.dropSql(table), resumed);
                    } else {
                        dropTriggers(context, triggers);
                        try {
                            context.execute(swap, resumed);
                        } catch (SQLException e) {
                            // A failed contract waits for a person; until then, writes go on being synced.
                            restore(context, table, dropped, e);
                            throw e;
                        }
                    }
                });
            } catch (SQLException e) {
                if (!OnlineDdl.isNotSupported(e) || e.getSuppressed().length > 0) {
                    throw e;
                }
                swapOnline(context, description, table, triggers, withStandIn, standIn, resumed, e);
            }
        });
    }

    /**
     * The swap where the server cannot change the table instantly (ROW_FORMAT=COMPRESSED, say), so that no
     * rebuild runs under the table lock: the ALTER online first ({@link OnlineDdl}: ALGORITHM=INPLACE,
     * LOCK=NONE, or refused), with {@code standIn} in place of the column it removes so that the sync triggers
     * go on working meanwhile, then the triggers dropped under the lock, then the placeholder, online. Between
     * the two, the triggers write to the placeholder what no one reads, as after a crash there: a resume finds
     * the placeholder and drops the triggers and it.
     */
    private static void swapOnline(StepContext context, String description, String table, TriggerPair triggers,
                                   String alterWithStandIn, SwapPlaceholder standIn, boolean resumed, SQLException refused)
            throws SQLException {
        LOG.info("{}: the server cannot make the swap's change instantly ({}); it runs online instead, rebuilding {} while"
                + " the application goes on, and the sync triggers are dropped under the table lock after it", description,
                refused.getMessage(), table);
        context.execute(alterWithStandIn, resumed);
        underLock(context, "LOCK TABLES " + Identifiers.quote(table) + " WRITE", () -> dropTriggers(context, triggers));
        context.execute(standIn.dropSql(table), resumed);
    }

    /**
     * Runs {@code work} between {@code lock} (a {@code LOCK TABLES}) and {@code UNLOCK TABLES}, the session's
     * wait_timeout lowered to {@link #LOCK_HOLDER_IDLE_LIMIT} meanwhile. When the work
     * fails, its failure is the one thrown, with the unlock's added: a session lost under the lock fails both,
     * and only the first tells what happened (that the session is lost, and the step is a resume's to finish,
     * not a person's).
     */
    static void underLock(StepContext context, String lock, Work work) throws SQLException {
        // A number: the server takes no string for it.
        String idleLimit = SET_IDLE_LIMIT + Long.parseLong(IDLE_LIMIT.read(context.connection()).get(0));
        context.execute(SET_IDLE_LIMIT + LOCK_HOLDER_IDLE_LIMIT.toSeconds(), false);
        // Given back whatever happens, the lock not taken too: the session goes back to the pool, and a step or a
        // backfill that had it next was ended after 10 s idle (a throttle's wait), its named lock with it.
        thenAlways(context, () -> {
            context.execute(lock, false);
            thenAlways(context, work, "UNLOCK TABLES");
        }, idleLimit);
    }

    /**
     * Runs {@code work}, then {@code cleanup}, whether the work failed or not; a failed work's failure is the one
     * thrown, the cleanup's added to it.
     */
    private static void thenAlways(StepContext context, Work work, String cleanup) throws SQLException {
        try {
            work.run();
        } catch (SQLException | RuntimeException e) {
            try {
                context.execute(cleanup, false);
            } catch (SQLException failed) {
                e.addSuppressed(failed);
            }
            throw e;
        }
        context.execute(cleanup, false);
    }

    private static void dropTriggers(StepContext context, TriggerPair triggers) throws SQLException {
        for (String trigger : triggers.names()) {
            context.execute(TriggerPair.dropSql(trigger), false);
        }
    }

    /**
     * On MySQL a table that has used its instant row versions is rebuilt by its next column change, and under
     * the swap's table lock that rebuild would hold every query of the table for as long as it takes. Rebuilt
     * first, online, it has its versions back (the count resets) and the swap stays instant. As before, a
     * table within the versions the swap takes ({@code needed}) of the limit counts as having none left.
     */
    private static void rebuildIfNoInstantChangeLeft(StepContext context, String table, int needed) throws SQLException {
        if (ServerFlavor.isMariaDb(context)) {
            return; // no such limit
        }
        int used = SchemaInspector.of(context).rowVersions(table).orElse(0);
        if (used >= OnlineDdl.ROW_VERSION_LIMIT - needed) {
            LOG.warn("Table {} has used {} of its {} instant row versions: rebuilding it online first (ALGORITHM=INPLACE,"
                    + " LOCK=NONE), so that the swap under its table lock stays instant", table, used, OnlineDdl.ROW_VERSION_LIMIT);
            context.execute("ALTER TABLE " + Identifiers.quote(table) + " FORCE", false);
        }
    }

    /** The triggers a failed swap dropped, created again under the lock; a failure to is added to the swap's. */
    private static void restore(StepContext context, String table, SavedTriggers dropped, SQLException failure) {
        try {
            dropped.create(context, table, UnaryOperator.identity());
        } catch (SQLException e) {
            failure.addSuppressed(new SQLException("The sync triggers could not be created again, so writes are not"
                    + " synced until the contract is finished: " + e.getMessage(), e));
        }
    }

    /** {@code column = (expression)} wherever the column does not hold that already, as a resumed swap needs it. */
    record Resync(String column, String expression) {

        /** Rows a resync updates in one statement (and one transaction): a bounded lock, whatever the table's size. */
        static final int CHUNK_ROWS = 10_000;

        /**
         * The resync over {@code table}, one chunk of {@link #CHUNK_ROWS} rows along its key at a time, each
         * committed on its own (a step's statements share one transaction otherwise, and its locks would build
         * up over the whole table). Run while the sync triggers are in place, so a row it has passed stays synced;
         * a resync cut short is run again whole by the next resume.
         */
        void inChunks(StepContext context, String table, String where) throws SQLException {
            BackfillSql sync = BackfillSql.of(context, table, column, expression, BackfillSql.Kind.RESYNCED, "resync");
            BackfillKey key = BackfillKey.of(context, table, where);
            Connection c = context.connection();
            String t = Identifiers.quote(table);
            // In UTC where the value allows, as the backfill: in a zone that repeats an hour MySQL wrote a TIMESTAMP
            // copied as it is an hour off (BackfillZone), in the column a rename's contract keeps.
            boolean utc = BackfillZone.utc(column, expression, SchemaInspector.of(context).columns(table));
            // A chunk that waits past the session's lock wait on the application's rows tries again, as a backfill's does:
            // failed, the contract waited for a person.
            BackfillZone.run(context, utc, () -> key.walk(c, t, CHUNK_ROWS, (cursor, upper) ->
                    GivingWay.run(c, cursor, where + ": resync", () -> {
                        try (PreparedStatement update = key.statement(c, "UPDATE " + t + " SET " + sync.assignment() + " WHERE "
                                + key.range(cursor) + " AND (" + sync.pending() + ")", cursor, upper)) {
                            update.executeUpdate();
                        }
                        if (!c.getAutoCommit()) {
                            c.commit();
                        }
                        return null;
                    })));
        }
    }
}
