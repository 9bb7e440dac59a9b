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

    /** How a heartbeat found this instance's row: what the gates had made of the instance until then. */
    enum Beat {
        /** Alive: its last heartbeat was younger than its TTL. */
        LIVE,
        /**
         * Its last heartbeat was older than its TTL (its beats stalled: a long GC pause, a frozen VM, a network
         * that dropped): the gates counted it dead, and may have let a contract through that it does not know.
         */
        REVIVED,
        /** The row was gone (expired and purged): the caller registers again. */
        GONE
    }

    /**
     * Stamps the heartbeat, as {@link #heartbeat}, and says how it found the row. A store that cannot tell a
     * stale row from a live one says {@link Beat#LIVE} for both.
     */
    default Beat beat(String instanceId) {
        return heartbeat(instanceId) ? Beat.LIVE : Beat.GONE;
    }

    void deregister(String instanceId);

    /**
     * Every instance whose last heartbeat is younger than its TTL; none on a schema Tandem has not run on. Throws
     * where the registry alone is missing: an empty answer would open every gate that waits for the running instances.
     */
    List<InstanceStatus> live();

    /** The database's clock. */
    Instant now();
}
