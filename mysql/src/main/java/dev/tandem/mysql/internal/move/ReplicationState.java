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

    /** Both threads run and no error is reported. */
    public boolean healthy() {
        return configured && ioRunning && sqlRunning && lastError.isEmpty();
    }
}
