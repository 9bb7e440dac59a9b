package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the two sides of a comparison relate in time, which decides how differing rows are re-checked
 * ({@link CompareRecheck}) and what the report's consistency sentence says. When the target replicates
 * from the source, each re-check round waits, between reading the source and reading the target, until
 * the target has applied the source's binary log up to where it then stood; a row the replica has not yet
 * received thus never shows. Otherwise (independent servers, or two schemas) a round reads as of now.
 */
final class CompareConsistency {

    private static final Logger LOG = LoggerFactory.getLogger(CompareConsistency.class);

    /**
     * Re-check rounds on a replica: a row differs only if it differs in every round, so one written in
     * the instant of a round does not show, while a real difference costs only this many short waits.
     */
    static final int REPLICA_ROUNDS = 3;
    /** Rounds for independent sides: nothing to wait for, so a second look at once tells little more. */
    static final int INDEPENDENT_ROUNDS = 1;
    /** How long a round waits for the replica to apply the source's position before it reads as of now. */
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final CompareReplication replication;
    private final String undetermined;
    private CompareReplication.Position caughtUpTo;
    private CompareReplication.Position missed;
    private int mostRounds;
    /** Rows written during every round, then looked at while held on the source ({@link CompareHeldRecheck}). */
    private long held;

    private CompareConsistency(CompareReplication replication, String undetermined) {
        this.replication = replication;
        this.undetermined = undetermined;
    }

    /**
     * Finds whether the target replicates from the source; a user who may not read the replica status
     * (it needs REPLICATION CLIENT) gets the independent case, and the sentence says why.
     */
    static CompareConsistency of(Connection source, Connection target) {
        try {
            Optional<CompareReplication> replication = CompareReplication.detect(source, target);
            replication.ifPresentOrElse(r -> LOG.info("The target replicates from the source (channel '{}'): differing rows"
                            + " are re-checked once it has applied the source's binary log", r.channel()),
                    () -> LOG.info("The target does not replicate from the source: differing rows are re-checked as of now"));
            return new CompareConsistency(replication.orElse(null), null);
        } catch (SQLException e) {
            LOG.info("Cannot tell whether the target replicates from the source: {}", Jdbc.describe(e));
            return new CompareConsistency(null, e.getMessage());
        }
    }

    /** Whether the target replicates from the source (as far as could be told). */
    boolean targetReplicates() {
        return replication != null;
    }

    /** How many re-check rounds a differing row must survive. */
    int rounds() {
        return replication == null ? INDEPENDENT_ROUNDS : REPLICA_ROUNDS;
    }

    /**
     * Called in each round after the source was read and before the target is: on a replica, waits until
     * it has applied the source's binary log as it stands now. A replica that does not catch up in time is
     * read as it is, and the sentence says so.
     */
    void catchUp() throws SQLException {
        if (replication == null) {
            return;
        }
        CompareReplication.Position position = replication.position();
        if (replication.await(position, CATCH_UP_TIMEOUT)) {
            LOG.debug("The replica applied the source's binary log up to {}", position);
            caughtUpTo = position;
        } else {
            LOG.warn("The replica did not apply the source's binary log up to {} within {} s (its applier stopped, or it"
                    + " lags): the differing rows are re-checked as the replica stands", position, CATCH_UP_TIMEOUT.toSeconds());
            missed = position;
        }
    }

    /**
     * Waits, at most {@code timeout}, until the replica has applied the source's binary log as it stands now;
     * false if it has not (or the target is no replica of the source). Quiet: the caller says what it gave up.
     */
    boolean caughtUpWithin(Duration timeout) throws SQLException {
        return replication != null && replication.await(replication.position(), timeout);
    }

    /** A table's re-check looked at {@code rows} rows while it held them on the source. */
    void held(long rows) {
        held += rows;
    }

    /** A table's re-check ran {@code rounds} rounds. */
    void rounds(int rounds) {
        mostRounds = Math.max(mostRounds, rounds);
    }

    /** The report's consistency sentence. */
    String sentence() {
        return replication == null ? independent(undetermined) : replica(caughtUpTo, missed, mostRounds)
                + (held == 0 ? "" : "; " + held + " row(s) written during every round were read again while a shared lock"
                + " held them on the source and the replica caught up");
    }

    /** The sentence for independent sides; {@code undetermined} is why replication could not be checked, or null. */
    static String independent(String undetermined) {
        return "independent servers (or schemas): compared as of now; differences re-checked once; rows written during"
                + " the comparison may still show"
                + (undetermined == null ? "" : " (whether the target replicates from the source is unknown: " + undetermined + ")");
    }

    /**
     * The sentence for a replica of the source: the last position it caught up to, the most rounds a table
     * needed; {@code missed} is a position it did not apply in time, or null.
     */
    static String replica(CompareReplication.Position caughtUpTo, CompareReplication.Position missed, int rounds) {
        if (missed != null) {
            return "replica of the source, but it did not apply the source's binary log position " + missed + " within "
                    + CATCH_UP_TIMEOUT.toSeconds() + " s (its applier stopped, or it lags): differences re-checked as the"
                    + " replica stood; rows written during the comparison may still show";
        }
        if (rounds == 0) {
            return "replica of the source: no row differed, so none needed a re-check after the replica caught up";
        }
        return "replica of the source: differences re-checked after the replica caught up to the source's binary log"
                + " position " + caughtUpTo + ", " + rounds + " round(s)";
    }
}
