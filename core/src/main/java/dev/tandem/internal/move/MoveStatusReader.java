package dev.tandem.internal.move;

import dev.tandem.MoveStatus;
import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveServer;
import dev.tandem.spi.MoveState;

/** {@code tandem move status}: the move's record and the other server's replication. Reads only. */
public final class MoveStatusReader {

    private final MoveServers servers;

    public MoveStatusReader(MoveServers servers) {
        this.servers = servers;
    }

    public MoveStatus read() {
        MoveRecord record = servers.freshest().orElse(null);
        if (record == null) {
            return MoveStatus.none();
        }
        MoveState state = record.state();
        MoveServers.Server serving = servers.serving(record);
        MoveServer.ReplicaState replica = servers.other(record).server().replicaState(serving.server());
        return new MoveStatus(record.moveId(), state.phase().name(), state.serving().name(), record.serving().label(),
                record.server(state.serving().other()).label(), state.epoch(), state.verifiedAt(),
                replica.fromSource() && replica.running(), replica.lagSeconds(), replica.lastError());
    }
}
