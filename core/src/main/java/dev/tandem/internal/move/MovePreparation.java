package dev.tandem.internal.move;

import dev.tandem.MoveOptions;
import dev.tandem.MoveProblem;
import dev.tandem.MoveRefusedException;
import dev.tandem.TandemException;
import dev.tandem.spi.MigrationLock;
import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveServer;
import dev.tandem.spi.MoveState;
import dev.tandem.spi.Throttle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem move prepare}: checks both servers, records the move on the source, copies the database into
 * the target from one snapshot and starts the target replicating (or adopts a target that already
 * replicates), then makes the target read-only. Run again, it resumes an interrupted copy; on a prepared
 * move it does nothing.
 */
public final class MovePreparation {

    private static final Logger LOG = LoggerFactory.getLogger(MovePreparation.class);

    /** How often the copy's workers ask whether the coordinators' lock is held still: a round trip, shared. */
    private static final long LOCK_CHECK_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final MoveServers servers;
    private final MoveOptions options;
    private final Throttle throttle;
    private final CoordinatorLock lock;
    private volatile long lockCheckedAt = System.nanoTime();

    /** A preparation by the coordinator holding {@code lock}, the coordinators' lock, its copy throttled by {@code throttle}. */
    public MovePreparation(MoveServers servers, MoveOptions options, Throttle throttle, MigrationLock lock) {
        this.servers = servers;
        this.options = options;
        this.lock = new CoordinatorLock(lock, "tandem move prepare");
        this.throttle = new Throttle() {
            @Override
            public void awaitGo(String who) throws InterruptedException {
                long now = System.nanoTime();
                if (now - lockCheckedAt >= LOCK_CHECK_EVERY_NANOS) {
                    lockCheckedAt = now;
                    stillPreparing("copying on");
                }
                throttle.awaitGo(who);
            }

            @Override
            public Duration unitTarget() {
                return throttle.unitTarget();
            }
        };
    }

    /** Stops before {@code step} unless this coordinator holds the lock still: two copies into one target would collide. */
    private void stillPreparing(String step) {
        lock.requireHeld(step, "preparing this move", "Run tandem move prepare again: it goes on from where the copy is");
    }

    /** Prepares the move; returns its record, REPLICATING. */
    public MoveRecord run() throws InterruptedException {
        Optional<MoveRecord> found = servers.freshest();
        MoveRecord record = found.filter(r -> r.state().phase() != MoveState.Phase.FINISHED).orElse(null);
        if (record == null && found.isPresent()) {
            leftServer(found.get(), servers.configured().serverId()).ifPresent(reason -> {
                throw new MoveRefusedException(reason);
            });
        }
        if (record == null) {
            record = begin();
        } else if (record.state().phase() != MoveState.Phase.COPYING) {
            if (record.state().phase() == MoveState.Phase.REPLICATING) {
                // A preparation cut short after its record moved on (the target refused read-only, the process died)
                // left the replica writable: a move keeps one server writable, or writes to the other are lost to it.
                // And perhaps the copy's checkpoints, a table on the replica alone, which no verification passes.
                MoveServer replica = servers.other(record).server();
                replica.forgetCopy();
                replica.readOnly();
            }
            LOG.info("Move {} is prepared already ({}); nothing to do", record.moveId(), record.state().phase());
            return record;
        } else {
            LOG.info("Resuming the preparation of move {}", record.moveId());
        }
        MoveServers.Server source = servers.side(record, MoveState.Side.ORIGINAL);
        MoveServers.Server target = servers.side(record, MoveState.Side.DESTINATION);
        if (options.adopt()) {
            options.listener().step("adopt", "checking that " + target.server().label() + " replicates from the source");
            MoveServer.ReplicaState state = target.server().replicaState(source.server());
            if (!state.fromSource() || !state.running()) {
                throw new MoveRefusedException("Cannot adopt " + target.server().label() + ": it does not replicate from "
                        + source.server().label() + (state.lastError().isEmpty() ? "" : " (" + state.lastError() + ")"));
            }
        } else {
            options.listener().step("copy", "copying into " + target.server().label() + " from one snapshot, then replicating");
            MoveServer.CopyReport report = target.server().copyFrom(source.server(), new MoveServer.CopySettings(
                    options.workers(), options.chunkRows(), throttle, options.listener()::copied));
            LOG.info("Copied {} rows into {}; replicating from {}", report.rowsCopied(), target.server().label(),
                    source.server().label());
            if (!report.notCopied().isEmpty()) {
                LOG.warn("Not copied, create them on the target yourself: {}", report.notCopied());
            }
        }
        stillPreparing("recording the move prepared");
        MoveRecord prepared = record.next(record.state().replicating());
        if (!source.store().advance(prepared)) {
            prepared = servers.freshest().orElseThrow();
        }
        if (!options.adopt()) {
            target.server().forgetCopy(); // its checkpoints are tables on the target: before it refuses writes
        }
        options.listener().step("read-only", "making " + target.server().label() + " read-only while it replicates");
        try {
            target.server().readOnly();
        } catch (RuntimeException e) {
            throw new TandemException("Move " + prepared.moveId() + " is prepared, but " + target.server().label()
                    + " could not be made read-only (" + e.getMessage() + "): run tandem move prepare again, which makes"
                    + " it so, before anything else", e);
        }
        return prepared;
    }

    /**
     * Why a new move may not begin from the configured server ({@code configuredServerId}) after {@code finished}:
     * it is the server that move left, read-only and behind the one that serves (the configuration not yet
     * changed to the new server, as after a move it is at the next deploy); empty when it is the one serving.
     */
    static Optional<String> leftServer(MoveRecord finished, long configuredServerId) {
        if (finished.serving().serverId() == configuredServerId) {
            return Optional.empty();
        }
        return Optional.of("Move " + finished.moveId() + " left this server for " + finished.serving().label()
                + ", which serves the database now; this one is read-only and behind it. Configure "
                + finished.serving().label() + " as the database (url, TANDEM_URL) and prepare the next move from there;"
                + " nothing was changed");
    }

    private MoveRecord begin() {
        MoveServers.Server source = servers.configured();
        MoveServers.Server target = servers.target();
        options.listener().step("check", "checking " + source.server().label() + " and " + target.server().label());
        List<MoveProblem> problems = target.server().checkAsTarget(source.server(), options.adopt());
        problems.stream().filter(p -> p.severity() == MoveProblem.Severity.WARNING).forEach(p -> LOG.warn("{}", p));
        List<MoveProblem> errors = problems.stream().filter(p -> p.severity() == MoveProblem.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new MoveRefusedException("The move from " + source.server().label() + " to " + target.server().label()
                    + " cannot begin; nothing was changed:", problems);
        }
        source.store().create();
        MoveRecord first = new MoveRecord(UUID.randomUUID().toString(), 1, MoveState.copying(),
                new MoveRecord.Server(source.serverId(), source.server().label()),
                new MoveRecord.Server(target.serverId(), target.server().label()));
        if (!source.store().begin(first)) {
            return servers.freshest().orElseThrow(); // another coordinator began it a moment ago
        }
        LOG.info("Move {} begun: from {} to {}", first.moveId(), first.original().label(), first.destination().label());
        return first;
    }
}
