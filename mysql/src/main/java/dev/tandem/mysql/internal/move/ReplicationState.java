package dev.tandem.mysql.internal.move;

/**
 * The replica status of a server's default replication channel (MySQL) or connection (MariaDB).
 *
 * @param configured whether the server has a source configured at all (the other fields mean nothing if not)
 * @param source     the source's host and port, as configured
 * @param sourceId   the source's {@code server_id}, as the receiver last saw it; 0 before it first connected
 * @param ioRunning  whether the receiver (I/O thread) runs and is connected
 * @param sqlRunning whether the applier (SQL thread) runs
 * @param lagSeconds the server's own estimate of its lag; null when unknown (a thread stopped)
 * @param lastError  the last receiver or applier error, empty when none
 * @param executed   how far in the source's binary log the applier has applied (file and offset, no GTIDs)
 * @param database   the {@code replicate_wild_do_table} filter in force ({@code db.%}), empty when none
 */
public record ReplicationState(boolean configured, String source, long sourceId, boolean ioRunning, boolean sqlRunning, Long lagSeconds,
                               String lastError, BinlogPosition executed, String database) {

    static ReplicationState none() {
        return new ReplicationState(false, "", 0, false, false, null, "", null, "");
    }

    /**
     * Whether it replicates from the server at {@code hostAndPort} with {@code serverId}: by the address as
     * configured, or by the source's {@code server_id} where the receiver has seen it, since another spelling of
     * the host (an address, a longer name) in another coordinator's URL is still the same server. A receiver that
     * has not connected since the server started (or its source was set) has seen no id: then it may be that
     * server, and counts as it. A cut-over skips the catch-up of a replica that does not replicate from the
     * serving server, so an unknown one taken for another would become writable without the last writes.
     */
    public boolean from(String hostAndPort, long serverId) {
        return configured && (source.equals(hostAndPort) || sourceId == 0 || sourceId == serverId);
    }

    /** Both threads run and no error is reported. */
    public boolean healthy() {
        return configured && ioRunning && sqlRunning && lastError.isEmpty();
    }
}
