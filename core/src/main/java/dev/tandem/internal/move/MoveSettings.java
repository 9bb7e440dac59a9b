package dev.tandem.internal.move;

import java.time.Duration;

/**
 * How this instance takes part in a move of the database, as configured and checked.
 *
 * @param target              the server a move goes to (or came from); null when none is configured
 * @param replicationUser     the user a replica connects to the other server as; null for the connecting users
 * @param replicationPassword its password
 * @param maxPause            how long a borrower of the application's connections waits at most while a cut-over holds them
 * @param holdGrace           how long a hold waits for the connections already lent to come back
 */
public record MoveSettings(Endpoint target, String replicationUser, String replicationPassword, Duration maxPause,
                           Duration holdGrace) {

    /** Far above a cut-over's pause, well below a request's usual timeout. */
    public static final Duration DEFAULT_MAX_PAUSE = Duration.ofSeconds(10);
    /** Long enough for a web request's transaction, short enough to keep the pause small. */
    public static final Duration DEFAULT_HOLD_GRACE = Duration.ofSeconds(2);

    @Override
    public String toString() {
        return "MoveSettings[target=" + target + ", replicationUser=" + replicationUser + ", maxPause=" + maxPause
                + ", holdGrace=" + holdGrace + "]";
    }
}
