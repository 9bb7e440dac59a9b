package dev.tandem.internal.move;

import dev.tandem.ComparisonListener;
import dev.tandem.ComparisonReport;
import dev.tandem.DatabaseComparison;
import dev.tandem.MoveRefusedException;
import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveServer;
import dev.tandem.spi.MoveState;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem move verify}: compares the serving server with the one that replicates from it, row by row at
 * consistent points (docs/compare.md), and records the time of a comparison that found them identical: a
 * cut-over needs a recent one. A comparison that finds a difference records nothing.
 */
public final class MoveVerification {

    private static final Logger LOG = LoggerFactory.getLogger(MoveVerification.class);

    private final MoveServers servers;
    private final ClassLoader classLoader;
    private final ComparisonListener listener;

    public MoveVerification(MoveServers servers, ClassLoader classLoader, ComparisonListener listener) {
        this.servers = servers;
        this.classLoader = classLoader;
        this.listener = listener;
    }

    public ComparisonReport run() {
        MoveRecord record = servers.freshest().orElseThrow(() -> new MoveRefusedException(
                "No move is recorded on either server: run tandem move prepare first"));
        if (record.state().phase() != MoveState.Phase.REPLICATING) {
            throw new MoveRefusedException("Move " + record.moveId() + " is " + record.state().phase()
                    + ": only a REPLICATING move can be verified");
        }
        MoveServers.Server serving = servers.serving(record);
        MoveServers.Server other = servers.other(record);
        MoveServer.ReplicaState replica = other.server().replicaState(serving.server());
        if (!replica.fromSource() || !replica.running()) {
            throw new MoveRefusedException(other.server().label() + " does not replicate from " + serving.server().label()
                    + (replica.lastError().isEmpty() ? "" : ": " + replica.lastError())
                    + "; a comparison would wait for it forever. Repair the replication (tandem move status), then verify");
        }
        Instant started = serving.store().now();
        ComparisonReport report = DatabaseComparison.between(serving.pool(), other.pool()).classLoader(classLoader)
                .listener(listener).run();
        if (report.identical()) {
            MoveRecord verified = record.next(record.state().verified(started));
            if (!serving.store().advance(verified)) {
                throw new MoveRefusedException("Move " + record.moveId() + " changed while it was verified: verify again");
            }
            LOG.info("Move {} verified: {} and {} are identical", record.moveId(), serving.server().label(),
                    other.server().label());
        } else if (report.tables().stream().allMatch(t -> t.identical() || t.unsettled() > 0 && !t.differs())) {
            LOG.warn("Move {}: {} and {} showed no difference, but rows written throughout the comparison never settled;"
                    + " a cut-over is refused until a verification passes: verify again when writes are quieter",
                    record.moveId(), serving.server().label(), other.server().label());
        } else {
            LOG.warn("Move {}: {} and {} differ; a cut-over is refused until a verification passes",
                    record.moveId(), serving.server().label(), other.server().label());
        }
        return report;
    }
}
