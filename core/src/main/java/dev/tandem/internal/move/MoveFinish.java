package dev.tandem.internal.move;

import dev.tandem.MoveOptions;
import dev.tandem.MoveRefusedException;
import dev.tandem.spi.MigrationLock;
import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveState.Phase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem move finish}: records the move finished on the serving server, waits until the other server
 * applied that too (so that an instance started with its URL learns where the database is), then stops the
 * other server's replication. It stays read-only; from then on it is forgotten. Like the cut-over, it asks
 * whether it holds the coordinators' lock still before it records the move finished.
 */
public final class MoveFinish {

    private static final Logger LOG = LoggerFactory.getLogger(MoveFinish.class);

    private final MoveServers servers;
    private final MoveOptions options;
    private final CoordinatorLock lock;

    /** A finish by the coordinator holding {@code lock}, the coordinators' lock. */
    public MoveFinish(MoveServers servers, MoveOptions options, MigrationLock lock) {
        this.servers = servers;
        this.options = options;
        this.lock = new CoordinatorLock(lock, "tandem move finish");
    }

    public MoveRecord run() throws InterruptedException {
        MoveRecord record = servers.freshest().orElseThrow(() -> new MoveRefusedException(
                "No move is recorded on either server: there is nothing to finish"));
        Phase phase = record.state().phase();
        if (phase != Phase.REPLICATING && phase != Phase.FINISHED) {
            throw new MoveRefusedException("Move " + record.moveId() + " is " + phase + ": finish it when it is REPLICATING");
        }
        MoveServers.Server serving = servers.serving(record);
        MoveServers.Server other = servers.other(record);
        MoveRecord finished = record;
        if (phase == Phase.REPLICATING) {
            finished = record.next(record.state().finished());
            options.listener().step("finish", "recording move " + record.moveId() + " finished on " + serving.server().label());
            // Recorded finished, the move cannot go back: not while another coordinator, which took the lock when
            // this one's session ended, may be moving it back.
            lock.requireHeld("recording it finished", "moving " + record.moveId() + " back",
                    "The move is REPLICATING still: run tandem move status, then the command again");
            if (!serving.store().advance(finished)) {
                throw new MoveRefusedException("Move " + record.moveId() + " changed meanwhile: run finish again");
            }
        }
        if (other.server().replicaState(serving.server()).fromSource()) {
            Duration catchUpTimeout = options.catchUpTimeout();
            if (!other.server().awaitApplied(serving.server().position(), catchUpTimeout)) {
                throw new MoveRefusedException(other.server().label() + " did not apply the move's end within "
                        + catchUpTimeout.toMillis() + " ms; its replication still runs: run finish again");
            }
            options.listener().step("stop-replication", other.server().label() + " applied it; its replication stops");
            other.server().stopReplicating();
        }
        LOG.info("Move {} finished: {} serves; {} no longer replicates and stays read-only", record.moveId(),
                finished.serving().label(), other.server().label());
        return finished;
    }
}
