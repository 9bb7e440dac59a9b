package dev.tandem.mysql.internal.move;

/**
 * Where a replica reaches its source, the replication user it logs in as (the caller creates it, with
 * {@code REPLICATION SLAVE} on the source), and whether the connection must use TLS ({@code MASTER_SSL} /
 * {@code SOURCE_SSL}; MariaDB 11.4 replicas require it by default, which a source without a certificate, such
 * as MariaDB 10.11 out of the box, cannot give). The password is never shown: not in {@link #toString}, not
 * in a log line, not in an exception.
 */
public record SourceAddress(String host, int port, String user, String password, boolean tls) {

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
