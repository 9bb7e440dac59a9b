package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A connection of the pool that works for a backfill beside its step's own (a verification beside the
 * copy, a second writer of a copy): its session set as the fill's ({@link SyncSession#settings}), so an
 * expression gives the value the fill gives, with the step's lock waits ({@link OnlineDdl}: a chunk that
 * waits long for a row holds the rows it locked before from the application as long), and marked as the
 * backfill's ({@code @tandem_backfill}), so the sync triggers leave its writes alone; given back to the
 * pool as it came, since a pooled session left marked would have its writes ignored by the triggers.
 */
final class BackfillSession implements AutoCloseable {

    private static final String LOCK_WAITS = "SELECT @@session.lock_wait_timeout, @@session.innodb_lock_wait_timeout";

    private final Connection connection;
    /** The connection's own settings ({@link SyncSession#settings}), given back with it. */
    private final List<String> own;
    /** The connection's own lock waits, given back with it. */
    private final List<String> ownLockWaits;

    private BackfillSession(Connection connection, List<String> own, List<String> ownLockWaits) {
        this.connection = connection;
        this.own = own;
        this.ownLockWaits = ownLockWaits;
    }

    /** A connection from {@code context}'s pool, set as its step's connection is, in a transaction. */
    static BackfillSession open(StepContext context) throws SQLException {
        List<String> fills = SyncSession.settings(context.connection());
        List<String> lockWaits = Jdbc.rows(context.connection(), LOCK_WAITS).get(0);
        Connection c = context.openConnection();
        try {
            List<String> own = SyncSession.settings(c);
            List<String> ownLockWaits = Jdbc.rows(c, LOCK_WAITS).get(0);
            c.setAutoCommit(false);
            set(c, fills, lockWaits, "1");
            return new BackfillSession(c, own, ownLockWaits);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    Connection connection() {
        return connection;
    }

    /** Rolls back what is not committed and gives the connection back with its own session. */
    @Override
    public void close() throws SQLException {
        try (connection) {
            connection.rollback();
            set(connection, own, ownLockWaits, "NULL");
        }
    }

    /**
     * Sets the session's settings as the fill's ({@link SyncSession#settings}), its lock waits
     * (seconds, as {@link #LOCK_WAITS} reads them) and the backfill's mark.
     */
    private static void set(Connection c, List<String> settings, List<String> lockWaits, String backfillMark)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SyncSession.setting(settings) + ", lock_wait_timeout = " + Long.parseLong(lockWaits.get(0))
                    + ", innodb_lock_wait_timeout = " + Long.parseLong(lockWaits.get(1)) + ", @tandem_backfill = " + backfillMark);
        }
    }
}
