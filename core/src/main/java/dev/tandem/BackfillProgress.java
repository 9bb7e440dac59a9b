package dev.tandem;

import java.time.Duration;
import java.time.Instant;

/**
 * Where one column's backfill stands.
 *
 * @param version       the migration
 * @param target        what is filled, e.g. {@code customers.display}
 * @param rowsDone      rows changed so far
 * @param rowsEstimate  the table's estimated row count when the backfill began
 * @param rowsPerSecond the recent rate (0 before the first chunk)
 * @param eta           the estimated time left, or null when unknown
 * @param verified      whether the verification after the last chunk passed
 * @param updatedAt     the last checkpoint, database clock
 */
public record BackfillProgress(String version, String target, long rowsDone, long rowsEstimate, double rowsPerSecond,
                               Duration eta, boolean verified, Instant updatedAt) {

    @Override
    public String toString() {
        return version + " " + target + ": " + rowsDone + " of ~" + rowsEstimate + " rows"
                + (verified ? ", verified" : rowsPerSecond > 0 ? ", " + Math.round(rowsPerSecond) + " rows/s"
                + (eta == null ? "" : ", ETA " + eta.toSeconds() + " s") : "");
    }
}
