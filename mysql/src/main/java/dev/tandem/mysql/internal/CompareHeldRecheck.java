package dev.tandem.mysql.internal;

import dev.tandem.ComparisonReport.RowKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last look at the rows a replica's re-check rounds left unsettled (written during every round, as a
 * counter row is): each is read on the source with a shared lock, and the locks are held while the replica
 * applies the source's binary log up to where it then stood and the target's rows are read. No write can
 * change a held row meanwhile, and every write that did is in the binary log before the position waited
 * for, so the target holds the row's value exactly when the replica has it right. A lock is taken without
 * waiting (a busy row is tried again a few times), so the comparison never waits in a cycle with the
 * application's writes and never makes one of them the victim of a deadlock; a row never had stays
 * unsettled. Writers of held rows wait as long as the replica takes, at most {@link #CATCH_UP_TIMEOUT}.
 */
final class CompareHeldRecheck {

    private static final Logger LOG = LoggerFactory.getLogger(CompareHeldRecheck.class);

    /**
     * Rows held at once: the writes of so many rows wait on one catch-up of the replica, never more; and at
     * most {@link CompareRecheck#BATCH_KEYS}, the target's rows being read in one statement.
     */
    static final int HELD_KEYS = 100;
    /** Tries at one row's lock before it is left unsettled; a write holds a row for a transaction's length. */
    static final int LOCK_TRIES = 20;
    /** The pause between two tries at a busy row's lock. */
    static final Duration LOCK_PAUSE = Duration.ofMillis(5);
    /**
     * How long held rows wait for the replica, and the application's writes of them with it: the rounds
     * before have just caught it up, so a longer wait means it lags. MySQL's SOURCE_DELAY of one second
     * took 2.5-3.1 s to catch up from on the test machine, whole seconds being its unit.
     */
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(5);
    /** ER_LOCK_NOWAIT: MySQL's answer to NOWAIT on a row a write holds. */
    private static final int MYSQL_LOCK_NOWAIT = 3572;
    /** ER_LOCK_WAIT_TIMEOUT: MariaDB's answer to NOWAIT on a row a write holds (a wait of no time). */
    private static final int LOCK_WAIT_TIMEOUT = 1205;

    private final CompareBothSides sides;
    private final BackfillKey key;
    private final CompareConsistency consistency;

    CompareHeldRecheck(CompareBothSides sides, BackfillKey key, CompareConsistency consistency) {
        this.sides = sides;
        this.key = key;
        this.consistency = consistency;
    }

    /** The verdict on {@code keys} (in key order): rows that differ while held, and those still unsettled. */
    CompareRecheck.Round settle(List<List<String>> keys) throws SQLException {
        List<CompareMerge.Difference> differing = new ArrayList<>();
        List<List<String>> unsettled = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += HELD_KEYS) {
            List<List<String>> batch = keys.subList(from, Math.min(keys.size(), from + HELD_KEYS));
            try {
                CompareRecheck.Round round = settleHeld(batch);
                differing.addAll(round.differing());
                unsettled.addAll(round.unsettled());
            } catch (SQLException e) {
                if (Jdbc.connectionLost(e)) {
                    throw e;
                }
                // A last look only: a server that refuses it (a privilege, a lock setting) leaves the rows unsettled.
                LOG.warn("Could not hold {} rows of {} on the source to settle them: {}; they stay unsettled", batch.size(),
                        sides.source().table(), Jdbc.describe(e));
                unsettled.addAll(batch);
            }
        }
        consistency.held(keys.size() - unsettled.size());
        LOG.debug("Held {} unsettled rows of {} on the source: {} differ, {} still unsettled", keys.size(),
                sides.source().table(), differing.size(), unsettled.size());
        return new CompareRecheck.Round(differing, unsettled);
    }

    private CompareRecheck.Round settleHeld(List<List<String>> keys) throws SQLException {
        sides.awaitGo();
        Connection source = sides.source().connection();
        boolean autoCommit = source.getAutoCommit();
        source.setAutoCommit(false);
        CompareRecheck.Round round;
        try {
            round = whileHeld(source, keys);
        } catch (SQLException | RuntimeException e) {
            try {
                source.rollback();
                source.setAutoCommit(autoCommit);
            } catch (SQLException lost) {
                e.addSuppressed(lost); // the read's own failure says what went wrong
            }
            throw e;
        }
        source.rollback(); // read only: ends the transaction, and with it the locks
        source.setAutoCommit(autoCommit);
        return round;
    }

    /** Locks the rows of {@code keys} on the source, waits for the replica, and judges them, in the source's open transaction. */
    private CompareRecheck.Round whileHeld(Connection source, List<List<String>> keys) throws SQLException {
        Map<List<String>, String> held = new HashMap<>();
        List<List<String>> locked = new ArrayList<>();
        List<List<String>> unsettled = new ArrayList<>();
        try (PreparedStatement s = source.prepareStatement(CompareSql.lockedRowHashOf(sides.source().table(), key,
                sides.source().rowHash(), Jdbc.isMariaDb(source)))) {
            for (List<String> k : keys) {
                (lock(s, k, held) ? locked : unsettled).add(k);
            }
        }
        if (locked.isEmpty() || !consistency.caughtUpWithin(CATCH_UP_TIMEOUT)) {
            return new CompareRecheck.Round(List.of(), keys);
        }
        Map<List<String>, String> now = CompareRecheck.batchHashes(sides.target(), key, locked);
        List<CompareMerge.Difference> differing = new ArrayList<>();
        for (List<String> k : locked) {
            String onTarget = now.get(k);
            String onSource = held.get(k);
            if (!Objects.equals(onTarget, onSource)) {
                differing.add(new CompareMerge.Difference(onSource == null ? RowKind.MISSING_IN_SOURCE
                        : onTarget == null ? RowKind.MISSING_IN_TARGET : RowKind.CHANGED, k));
            }
        }
        return new CompareRecheck.Round(differing, unsettled);
    }

    /** Reads the row of {@code k} with a shared lock into {@code held} (nothing when absent); false if writes kept it busy. */
    private boolean lock(PreparedStatement s, List<String> k, Map<List<String>, String> held) throws SQLException {
        key.bind(s, 1, k);
        for (int tries = 1; ; tries++) {
            try {
                CompareChunks.keyedHashes(s, key.columns().size()).forEach(h -> held.put(h.key(), h.hash()));
                return true;
            } catch (SQLException e) {
                if (e.getErrorCode() != MYSQL_LOCK_NOWAIT && e.getErrorCode() != LOCK_WAIT_TIMEOUT) {
                    throw e;
                }
                if (tries == LOCK_TRIES) {
                    return false;
                }
            }
            pause();
        }
    }

    private static void pause() throws SQLException {
        try {
            Thread.sleep(LOCK_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to lock a row on the source", e);
        }
    }
}
