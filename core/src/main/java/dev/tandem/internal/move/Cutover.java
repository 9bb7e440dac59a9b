package dev.tandem.internal.move;

import dev.tandem.CutoverResult;
import dev.tandem.InstanceStatus;
import dev.tandem.MoveOptions;
import dev.tandem.MoveRefusedException;
import dev.tandem.TandemException;
import dev.tandem.spi.MigrationLock;
import dev.tandem.spi.MoveAck;
import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveServer;
import dev.tandem.spi.MoveState;
import dev.tandem.spi.MoveState.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem move cutover} and {@code back}: moves the application from the server that serves to the other
 * through the fleet. Each step is recorded before it is taken and is safe to take again, so a coordinator
 * that dies anywhere is replaced by the next call, which reads the phase and finishes or undoes the cut-over:
 * <ol>
 *   <li><b>hold</b> (epoch e, deadline): every live instance holds its connections, drains them and acknowledges;
 *       one that does not in time, or cannot reach the other server, makes the cut-over <b>abandoned</b>;</li>
 *   <li><b>switching</b>: the serving server read-only (else abandoned: a lock keeps it from it), the application's
 *       sessions on it ended, the other caught up to its final position exactly (else abandoned, the serving server
 *       writable again), replication
 *       stopped, the other writable, replication back into the old server started, and the switch recorded on
 *       the new server, whence it replicates to the old;</li>
 *   <li>the instances see it and switch their pools; this waits (at most the acknowledgement timeout) to report them.</li>
 * </ol>
 * Never are both servers writable: the new one becomes writable only after the old one refused writes and
 * the new one applied all of them. The coordinators' lock keeps a second coordinator out; one whose lock session
 * ended (lost, or ended by the server) may have been replaced by another already, so before each step that makes a
 * server writable or points replication it asks whether it holds the lock still, and stops where it is if not.
 */
public final class Cutover {

    private static final Logger LOG = LoggerFactory.getLogger(Cutover.class);
    /** How often the acknowledgements are read while the instances hold. */
    static final Duration ACK_POLL = Duration.ofMillis(20);
    /** How often the other server's lag is read while a cut-over waits for it to come within the limit. */
    private static final Duration LAG_POLL = Duration.ofMillis(200);

    private final MoveServers servers;
    private final MoveOptions options;
    private final CoordinatorLock lock;

    /** A cut-over by the coordinator holding {@code lock}, the coordinators' lock. */
    public Cutover(MoveServers servers, MoveOptions options, MigrationLock lock) {
        this.servers = servers;
        this.options = options;
        this.lock = new CoordinatorLock(lock, "The cut-over");
    }

    /**
     * Cuts over to the side that does not serve; {@code towards} the side expected to serve afterwards (the
     * destination for a cut-over, the original for a move back). When that side serves already, says so and
     * does nothing.
     */
    public CutoverResult run(MoveState.Side towards) throws InterruptedException {
        MoveRecord record = servers.freshest().orElseThrow(() -> new MoveRefusedException(
                "No move is recorded on either server: run tandem move prepare first"));
        long started = System.nanoTime();
        while (true) {
            MoveState state = record.state();
            switch (state.phase()) {
                case COPYING -> throw new MoveRefusedException("Move " + record.moveId() + " is still COPYING: finish"
                        + " tandem move prepare first");
                case FINISHED -> throw new MoveRefusedException("Move " + record.moveId() + " is FINISHED: the old server"
                        + " no longer replicates, so there is nothing to cut over to");
                case REPLICATING -> {
                    if (state.serving() == towards) {
                        return new CutoverResult(CutoverResult.Outcome.SWITCHED, state.epoch(), record.serving().label(),
                                List.of(), List.of(), List.of(), Duration.ZERO, record.serving().label() + " serves already");
                    }
                    record = hold(record);
                    started = System.nanoTime();
                }
                case HOLDING -> {
                    Outcome held = awaitAcknowledgements(record);
                    if (held.abandoned != null) {
                        return held.abandoned;
                    }
                    record = held.record;
                }
                case SWITCHING -> {
                    return switchOver(record, started);
                }
            }
        }
    }

    private MoveRecord hold(MoveRecord record) throws InterruptedException {
        MoveState state = record.state();
        MoveServers.Server serving = servers.serving(record);
        MoveServers.Server other = servers.other(record);
        Instant now = serving.store().now();
        if (!state.mayCutOver(now, options.verificationMaxAge())) {
            throw new MoveRefusedException("Move " + record.moveId() + " has no verification younger than "
                    + options.verificationMaxAge() + " (last: " + (state.verifiedAt() == null ? "none since the last switch"
                    : state.verifiedAt()) + "): run tandem move verify first");
        }
        awaitLagWithin(other, serving);
        // Catching up before the hold leaves only what is written meanwhile to the pause. One that does not (the
        // reported lag counts the applier only: a receiver far behind reads 0) is refused here, before anything is
        // held: held, the fleet waited through the drain, the acknowledgements and a second catch-up that failed too.
        if (!other.server().awaitApplied(serving.server().position(), options.catchUpTimeout())) {
            throw new MoveRefusedException("Move " + record.moveId() + ": " + other.server().label() + " did not apply "
                    + serving.server().label() + "'s writes within " + options.catchUpTimeout().toMillis() + " ms before the"
                    + " hold; nothing was held. Run the cut-over again at a quieter time, or give it a longer catch-up timeout");
        }
        now = serving.store().now();
        MoveRecord holding = record.next(state.hold(now.plus(options.ackTimeout())));
        options.listener().step("hold", "every live instance holds its connections and acknowledges epoch "
                + holding.state().epoch() + " (at most " + options.ackTimeout().toMillis() + " ms)");
        return advanced(serving, holding);
    }

    /**
     * Waits, at most the catch-up timeout, for the other server to replicate from the serving one within the
     * lag allowed: the lag a replica reports moves by whole seconds with the writes it applies (a burst of them,
     * the first moments after a switch), so one read above the limit does not refuse the cut-over; a lag that
     * stays does, as does a replica that does not replicate, at once. Nothing is changed before.
     */
    private void awaitLagWithin(MoveServers.Server other, MoveServers.Server serving) throws InterruptedException {
        long deadline = System.nanoTime() + options.catchUpTimeout().toNanos();
        while (true) {
            MoveServer.ReplicaState replica = other.server().replicaState(serving.server());
            if (!replica.fromSource() || !replica.running()) {
                throw new MoveRefusedException(other.server().label() + " does not replicate from " + serving.server().label()
                        + (replica.lastError().isEmpty() ? "" : ": " + replica.lastError()) + "; see tandem move status");
            }
            if (replica.lagSeconds() != null && replica.lagSeconds() <= options.maxLagSeconds()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new MoveRefusedException(other.server().label() + " lags " + replica.lagSeconds() + " s behind "
                        + serving.server().label() + ", more than " + options.maxLagSeconds() + " s, after "
                        + options.catchUpTimeout().toMillis() + " ms of waiting: try again when it caught up");
            }
            LOG.debug("{} lags {} s behind {}, more than {} s: waiting", other.server().label(), replica.lagSeconds(),
                    serving.server().label(), options.maxLagSeconds());
            Thread.sleep(LAG_POLL.toMillis());
        }
    }

    /** What waiting for the acknowledgements gave: the record moved on, or the cut-over abandoned. */
    private record Outcome(MoveRecord record, CutoverResult abandoned) {
    }

    private Outcome awaitAcknowledgements(MoveRecord record) throws InterruptedException {
        MoveServers.Server serving = servers.serving(record);
        MoveState state = record.state();
        while (true) {
            List<MoveAck> acks = serving.store().acks(record.moveId(), state.epoch());
            Set<String> held = acks.stream().filter(a -> a.status() == MoveAck.Status.HELD).map(MoveAck::instanceId)
                    .collect(Collectors.toSet());
            List<String> live = serving.fleet().live().stream().map(InstanceStatus::id).toList();
            // Of live instances only: one not registered (a tool that lent a pool, an instance not started) is not waited
            // for either, and must not abandon the cut-over.
            List<String> cannotFollow = acks.stream().filter(a -> a.status() == MoveAck.Status.CANNOT_FOLLOW)
                    .filter(a -> live.contains(a.instanceId())).map(a -> a.instanceId() + ": " + a.detail()).toList();
            List<String> missing = live.stream().filter(id -> !held.contains(id)).toList();
            boolean expired = serving.store().now().isAfter(state.holdDeadline());
            if (cannotFollow.isEmpty() && missing.isEmpty()) {
                options.listener().step("switch", held.size() + " instance(s) hold; switching");
                return new Outcome(advanced(serving, record.next(state.switching())), null);
            }
            if (!cannotFollow.isEmpty() || expired) {
                String reason = !cannotFollow.isEmpty() ? "instances cannot reach the other server: " + cannotFollow
                        : "instances did not acknowledge within " + options.ackTimeout().toMillis() + " ms: " + missing;
                return new Outcome(null, abandon(record, serving, List.copyOf(held), missing, cannotFollow, reason));
            }
            Thread.sleep(ACK_POLL.toMillis());
        }
    }

    private CutoverResult abandon(MoveRecord record, MoveServers.Server serving, List<String> held, List<String> missing,
                                  List<String> cannotFollow, String reason) {
        MoveRecord abandoned = advanced(serving, record.next(record.state().abandoned()));
        LOG.warn("Cut-over of move {} (epoch {}) abandoned: {}; {} serves on", record.moveId(), record.state().epoch(),
                reason, record.serving().label());
        options.listener().step("abandoned", reason);
        return new CutoverResult(CutoverResult.Outcome.ABANDONED, abandoned.state().epoch(), abandoned.serving().label(),
                held, missing, cannotFollow, Duration.ZERO, reason);
    }

    private CutoverResult switchOver(MoveRecord record, long started) throws InterruptedException {
        MoveServers.Server old = servers.serving(record);
        MoveServers.Server next = servers.other(record);
        options.listener().step("read-only", old.server().label() + " refuses writes");
        stillCoordinating(record, "making " + record.serving().label() + " read-only");
        try {
            old.server().readOnly();
        } catch (RuntimeException e) {
            return abandonWritable(record, old, e);
        }
        int ended = old.server().endApplicationSessions();
        old.pool().getHikariPoolMXBean().softEvictConnections();
        options.listener().step("sessions-ended", ended + " application session(s) ended on " + old.server().label());
        String last = old.server().position();
        // Not from it: a coordinator before this one stopped that replication, once it had caught up.
        if (next.server().replicaState(old.server()).fromSource()) {
            options.listener().step("catch-up", next.server().label() + " applies up to " + last);
            if (!next.server().awaitApplied(last, options.catchUpTimeout())) {
                stillCoordinating(record, "making " + record.serving().label() + " writable again");
                old.server().writable();
                return abandon(record, old, List.of(), List.of(), List.of(), next.server().label()
                        + " did not apply the last writes within " + options.catchUpTimeout().toMillis() + " ms");
            }
            stillCoordinating(record, "stopping the replication into " + comingIn(record));
            next.server().stopReplicating();
        }
        // Read before the new server takes a write, where the replication back must start. Without a binary log
        // there (prepare warned) the switch still goes through: failing past the read-only would leave neither
        // server taking writes.
        String back = next.server().position();
        stillCoordinating(record, "making " + comingIn(record) + " writable");
        next.server().writable();
        if (back == null) {
            LOG.warn("Move {}: {} writes no binary log, so {} does not replicate from it: there is no way back without"
                    + " losing the writes made from now on", record.moveId(), next.server().label(), old.server().label());
            options.listener().step("no-way-back", next.server().label() + " writes no binary log; nothing replicates back");
        } else {
            options.listener().step("reverse-replication", old.server().label() + " replicates from " + next.server().label());
            stillCoordinating(record, "pointing " + record.serving().label() + "'s replication at " + back);
            old.server().replicateFrom(next.server(), back);
        }
        MoveRecord switched = record.next(record.state().switched());
        if (!next.store().advance(switched)) {
            switched = servers.freshest().orElseThrow();
            if (switched.state().phase() != Phase.REPLICATING || switched.state().serving() == record.state().serving()) {
                throw new TandemException("Move " + record.moveId() + " changed while switching: " + switched.state());
            }
        }
        Duration pause = Duration.ofNanos(System.nanoTime() - started);
        options.listener().step("switched", next.server().label() + " serves; instances switch their connections");
        LOG.info("Move {}: {} serves now (epoch {}, {} ms from the hold)", record.moveId(), next.server().label(),
                record.state().epoch(), pause.toMillis());
        return awaitSwitched(switched, next, pause);
    }

    /**
     * The serving server could not be made read-only (a statement holding a lock past the wait, say): nothing
     * was written to the other one, so the cut-over is abandoned, the serving server made writable in case
     * the setting took after all, and the fleet released onto it, rather than left holding its connections
     * until someone runs the command again. Where even that fails, the record stays SWITCHING for the next call.
     */
    private CutoverResult abandonWritable(MoveRecord record, MoveServers.Server old, RuntimeException cause) {
        stillCoordinating(record, "making " + record.serving().label() + " writable again");
        try {
            old.server().writable();
            return abandon(record, old, List.of(), List.of(), List.of(), old.server().label()
                    + " could not be made read-only (" + cause.getMessage() + "): a session holding a lock (a long"
                    + " transaction, LOCK TABLES, FLUSH TABLES WITH READ LOCK) keeps it from it; end it and run the cut-over again");
        } catch (RuntimeException undo) {
            cause.addSuppressed(undo);
            throw cause;
        }
    }

    private CutoverResult awaitSwitched(MoveRecord switched, MoveServers.Server serving, Duration pause)
            throws InterruptedException {
        long deadline = System.nanoTime() + options.ackTimeout().toNanos();
        List<String> switchedIds = new ArrayList<>();
        List<String> missing = List.of();
        while (System.nanoTime() < deadline) {
            List<MoveAck> acks = serving.store().acks(switched.moveId(), switched.state().epoch());
            switchedIds = acks.stream().filter(a -> a.status() == MoveAck.Status.SWITCHED).map(MoveAck::instanceId).toList();
            List<String> done = switchedIds;
            missing = serving.fleet().live().stream().map(InstanceStatus::id).filter(id -> !done.contains(id)).toList();
            if (missing.isEmpty()) {
                break;
            }
            Thread.sleep(ACK_POLL.toMillis());
        }
        return new CutoverResult(CutoverResult.Outcome.SWITCHED, switched.state().epoch(), switched.serving().label(),
                switchedIds, missing, List.of(), pause, "");
    }

    /**
     * Stops before {@code step} unless this coordinator holds the lock still: the step (a server made writable,
     * replication pointed elsewhere) would undo what another coordinator did. The step is named from the record,
     * since the other coordinator may have ended this one's sessions on the servers.
     */
    private void stillCoordinating(MoveRecord record, String step) {
        lock.requireHeld(step, "switching move " + record.moveId(), "The cut-over is " + record.state().phase()
                + ": run tandem move status, then the command again; it goes on from there");
    }

    /** The server a cut-over of {@code record} switches to, as recorded: naming it asks no server. */
    private static String comingIn(MoveRecord record) {
        return record.server(record.state().serving().other()).label();
    }

    private MoveRecord advanced(MoveServers.Server server, MoveRecord next) {
        if (server.store().advance(next)) {
            return next;
        }
        MoveRecord now = servers.freshest().orElseThrow();
        LOG.info("Move {} was moved on by someone else (now {} at revision {}); going on from there", next.moveId(),
                now.state().phase(), now.revision());
        return now;
    }
}
