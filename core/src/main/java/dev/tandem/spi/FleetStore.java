package dev.tandem.spi;

import dev.tandem.InstanceStatus;
import java.time.Instant;
import java.util.List;

/**
 * The fleet registry ({@link dev.tandem.TableNames#instances()}, by default {@code tandem_instances}):
 * which app instances run, and which migrations each knows. Liveness is judged by the database clock: an
 * instance is alive while its last heartbeat is younger than its own TTL.
 */
public interface FleetStore {

    /** Inserts or replaces this instance's row, stamping start and heartbeat with the database clock. */
    void register(InstanceStatus instance);

    /** Stamps the heartbeat; false when the row is gone (expired and purged), so the caller re-registers. */
    boolean heartbeat(String instanceId);

    void deregister(String instanceId);

    /** Every instance whose last heartbeat is younger than its TTL. */
    List<InstanceStatus> live();

    /** The database's clock. */
    Instant now();
}
