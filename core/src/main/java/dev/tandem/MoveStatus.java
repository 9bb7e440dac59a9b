package dev.tandem;

import java.time.Instant;

/**
 * Where a move of the database stands ({@code tandem move status}).
 *
 * @param moveId            the move; null when no move is recorded (then nothing else means anything)
 * @param phase             COPYING, REPLICATING, HOLDING, SWITCHING or FINISHED
 * @param servingSide       ORIGINAL or DESTINATION: the server the application uses
 * @param serving           that server, for people
 * @param other             the other server
 * @param epoch             the last cut-over attempt
 * @param verifiedAt        when a comparison last found both servers identical; null when not since the last switch
 * @param replicating       whether the other server replicates from the serving one, healthily
 * @param lagSeconds        its lag; null when unknown
 * @param replicationError  its last error, empty when none
 */
public record MoveStatus(String moveId, String phase, String servingSide, String serving, String other, long epoch,
                         Instant verifiedAt, boolean replicating, Long lagSeconds, String replicationError) {

    /** No move is recorded. */
    public static MoveStatus none() {
        return new MoveStatus(null, null, null, null, null, 0, null, false, null, "");
    }

    /** Whether a move is recorded. */
    public boolean exists() {
        return moveId != null;
    }
}
