package dev.tandem.mysql.internal.move;

/**
 * Where a replica reaches its source, and the replication user it logs in as (the caller creates it, with
 * {@code REPLICATION SLAVE} on the source). The password is never shown: not in {@link #toString}, not in
 * a log line, not in an exception.
 */
public record SourceAddress(String host, int port, String user, String password) {

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
