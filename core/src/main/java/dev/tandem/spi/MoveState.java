package dev.tandem.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a move of the database stands, and what each party does next: the one place that knows what a
 * recorded move means. The coordinator (a {@code tandem move} command, an API call), every application
 * instance and {@code status} ask it; none reads the record on its own.
 *
 * <pre>
 * COPYING ──▶ REPLICATING ──cutover──▶ HOLDING(e) ──all acknowledged──▶ SWITCHING(e) ──▶ REPLICATING (serving the other side)
 *                  ▲                       │                                                   │
 *                  └──────abandoned(e)─────┴───────(an instance did not acknowledge in time,  └──finish──▶ FINISHED
 *                                                    or the other side did not catch up)
 * </pre>
 *
 * A move is between two servers, {@link Side#ORIGINAL} and {@link Side#DESTINATION}; {@code serving} is
 * the one the application writes to. After a cut-over the other side replicates from the serving one, so
 * moving back is the same cut-over with the sides' roles exchanged.
 *
 * @param serving       the side the application uses
 * @param phase         the phase the move is in
 * @param epoch         the cut-over attempt the phase belongs to: it grows with each {@code HOLDING}
 * @param holdDeadline  when a {@code HOLDING} epoch is abandoned unless every live instance acknowledged; null otherwise
 * @param verifiedAt    when a comparison last found both sides identical at a consistent point; null when never
 */
public record MoveState(Side serving, Phase phase, long epoch, Instant holdDeadline, Instant verifiedAt) {

    /** The two servers of a move. */
    public enum Side {
        ORIGINAL, DESTINATION;

        /** The other server. */
        public Side other() {
            return this == ORIGINAL ? DESTINATION : ORIGINAL;
        }
    }

    /** The phases of a move. */
    public enum Phase {
        /** The destination is being filled from a snapshot of the original. */
        COPYING,
        /** The side not serving replicates from the serving one: a cut-over (or a move back) may begin. */
        REPLICATING,
        /** Every live instance holds its connections and acknowledges the epoch. */
        HOLDING,
        /** All acknowledged: the serving side read-only, the other caught up, replication reversed. */
        SWITCHING,
        /** Replication stopped; the side not serving is forgotten. */
        FINISHED
    }

    /** What an application instance does with its connections. */
    public enum InstanceAction {
        /** Lend connections of the serving side, as now. */
        SERVE,
        /** Hold and drain, then acknowledge the epoch (again, if it did). */
        HOLD,
        /** Switch the pool to the serving side, then release. */
        SWITCH,
        /** Release the held connections onto the side it already uses: the epoch was abandoned. */
        RELEASE
    }

    public MoveState {
        Objects.requireNonNull(serving, "serving");
        Objects.requireNonNull(phase, "phase");
        if ((phase == Phase.HOLDING) != (holdDeadline != null)) {
            throw new IllegalArgumentException("a hold deadline belongs to a HOLDING move only, not to " + phase);
        }
    }

    /** A move that begins: the original serves while the destination is copied. */
    public static MoveState copying() {
        return new MoveState(Side.ORIGINAL, Phase.COPYING, 0, null, null);
    }

    /**
     * What an instance using {@code uses} (and holding its connections, or not) does now. An instance on
     * the side not serving switches — the one that restarted with the old URL as well — unless a cut-over
     * is still under way, when it holds until the outcome.
     */
    public InstanceAction actionFor(Side uses, boolean held) {
        if (phase == Phase.HOLDING || phase == Phase.SWITCHING) {
            return InstanceAction.HOLD;
        }
        if (uses != serving) {
            return InstanceAction.SWITCH;
        }
        return held ? InstanceAction.RELEASE : InstanceAction.SERVE;
    }

    /**
     * Whether a cut-over may begin now: the other side replicates from the serving one and was verified
     * identical no longer than {@code maxAge} ago (a later epoch's verification counts).
     */
    public boolean mayCutOver(Instant now, Duration maxAge) {
        return phase == Phase.REPLICATING && verifiedAt != null && !verifiedAt.isBefore(now.minus(maxAge));
    }

    /** The next epoch's hold, every live instance to acknowledge by {@code deadline}. */
    public MoveState hold(Instant deadline) {
        requirePhase(Phase.REPLICATING, "hold");
        return new MoveState(serving, Phase.HOLDING, epoch + 1, Objects.requireNonNull(deadline), verifiedAt);
    }

    /** Every live instance acknowledged: the switch begins. */
    public MoveState switching() {
        requirePhase(Phase.HOLDING, "switch");
        return new MoveState(serving, Phase.SWITCHING, epoch, null, verifiedAt);
    }

    /** The switch is done: the other side serves, and this one replicates from it. Its verification is spent. */
    public MoveState switched() {
        requirePhase(Phase.SWITCHING, "finish the switch of");
        return new MoveState(serving.other(), Phase.REPLICATING, epoch, null, null);
    }

    /**
     * The cut-over is abandoned: an instance did not acknowledge in time, or (while switching) the other side
     * could not catch up before anything was written to it. The same side serves on.
     */
    public MoveState abandoned() {
        if (phase != Phase.SWITCHING) {
            requirePhase(Phase.HOLDING, "abandon");
        }
        return new MoveState(serving, Phase.REPLICATING, epoch, null, verifiedAt);
    }

    /** Whether a {@code HOLDING} epoch's deadline has passed at {@code now}. */
    public boolean holdExpired(Instant now) {
        return phase == Phase.HOLDING && now.isAfter(holdDeadline);
    }

    /** The copy is done and the destination replicates from the original. */
    public MoveState replicating() {
        requirePhase(Phase.COPYING, "start replicating");
        return new MoveState(serving, Phase.REPLICATING, epoch, null, verifiedAt);
    }

    /** A comparison found both sides identical at {@code at}. */
    public MoveState verified(Instant at) {
        requirePhase(Phase.REPLICATING, "verify");
        return new MoveState(serving, phase, epoch, null, at);
    }

    /** Replication stopped; the side not serving is forgotten. */
    public MoveState finished() {
        requirePhase(Phase.REPLICATING, "finish");
        return new MoveState(serving, Phase.FINISHED, epoch, null, verifiedAt);
    }

    private void requirePhase(Phase wanted, String verb) {
        if (phase != wanted) {
            throw new IllegalStateException("Cannot " + verb + " a move that is " + phase + " (epoch " + epoch
                    + "): only a " + wanted + " one");
        }
    }
}
