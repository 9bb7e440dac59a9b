package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill's statements over one chunk that give way to the application: work that loses a deadlock or a
 * lock wait (to an application's transaction, or to a DDL statement queued for the table's metadata lock
 * behind one) is rolled back and tried again a little later, {@link #MAX_ATTEMPTS} in all, the application
 * going first. Its statements begin their transaction or follow reads only, so nothing but reads and its own
 * work is rolled back.
 */
final class GivingWay {

    private static final Logger LOG = LoggerFactory.getLogger(GivingWay.class);

    /** How often the work is tried in all before a lock conflict fails the step (which the next start resumes). */
    static final int MAX_ATTEMPTS = 10;
    /**
     * The first wait before work that gave way is tried again, doubling: an application's transaction is
     * short, and a chunk that fails at once rather than wait for it (a copy's, on MariaDB) should not wait long.
     */
    private static final long FIRST_BACKOFF_MS = 50;

    private GivingWay() {
    }

    /** Work over one chunk, the first of its transaction. */
    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} on {@code connection} until it does not lose a deadlock or a lock wait, rolling it back
     * and waiting a little each time, {@link #MAX_ATTEMPTS} in all; {@code what}, over the keys after
     * {@code cursor} (from the first when null), names it in the log.
     */
    static <T> T run(Connection connection, List<String> cursor, String what, Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (!OnlineDdl.isLockConflict(e) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                long backoff = OnlineDdl.backoffMillis(FIRST_BACKOFF_MS, attempt);
                LOG.info("{} after key {} gave way to the application's writes ({}); trying it again in {} ms", what,
                        cursor == null ? "(start)" : String.join(", ", cursor), e.getMessage(), backoff);
                OnlineDdl.sleep(backoff);
            }
        }
    }
}
