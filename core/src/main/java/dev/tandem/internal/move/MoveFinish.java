package dev.tandem.internal.move;

import dev.tandem.MoveRefusedException;
import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveState.Phase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem move finish}: records the move finished on the serving server, waits until the other server
 * applied that too (so that an instance started with its URL learns where the database is), then stops the
 * other server's replication. It stays read-only; from then on it is forgotten.
 */
public final class MoveFinish {

    private static final Logger LOG = LoggerFactory.getLogger(MoveFinish.class);

    private final MoveServers servers;
    private final Duration catchUpTimeout;

    public MoveFinish(MoveServers servers, Duration catchUpTimeout) {
        this.servers = servers;
        this.catchUpTimeout = catchUpTimeout;
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
            if (!serving.store().advance(finished)) {
                throw new MoveRefusedException("Move " + record.moveId() + " changed meanwhile: run finish again");
            }
        }
        if (other.server().replicaState(serving.server()).fromSource()) {
            if (!other.server().awaitApplied(serving.server().position(), catchUpTimeout)) {
                throw new MoveRefusedException(other.server().label() + " did not apply the move's end within "
                        + catchUpTimeout.toMillis() + " ms; its replication still runs: run finish again");
            }
            other.server().stopReplicating();
        }
        LOG.info("Move {} finished: {} serves; {} no longer replicates and stays read-only", record.moveId(),
                finished.serving().label(), other.server().label());
        return finished;
    }
}
