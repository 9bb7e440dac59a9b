package dev.tandem.mysql.internal.move;

/**
 * The global privileges a move's coordinator needs for what it does on a server, as each flavor names them
 * (spelt as {@code GRANT} takes them; {@link GrantedPrivileges} compares {@code _} and a space alike).
 *
 * @param position         reading the binary log position ({@code SHOW MASTER STATUS})
 * @param replicaStatus    reading replication's status ({@code SHOW REPLICA STATUS})
 * @param readOnly         setting {@code read_only} / {@code super_read_only}
 * @param endSessions      ending another account's session ({@code KILL})
 * @param replicationAdmin configuring, starting and stopping replication
 */
record MovePrivileges(String position, String replicaStatus, String readOnly, String endSessions, String replicationAdmin) {

    private static final MovePrivileges MYSQL = new MovePrivileges("REPLICATION CLIENT", "REPLICATION CLIENT",
            "SYSTEM_VARIABLES_ADMIN", "CONNECTION_ADMIN", "REPLICATION_SLAVE_ADMIN");
    private static final MovePrivileges MARIADB = new MovePrivileges("BINLOG MONITOR", "REPLICA MONITOR", "READ_ONLY ADMIN",
            "CONNECTION ADMIN", "REPLICATION SLAVE ADMIN");

    /** The names on MariaDB ({@code mariaDb}) or MySQL. */
    static MovePrivileges of(boolean mariaDb) {
        return mariaDb ? MARIADB : MYSQL;
    }
}
