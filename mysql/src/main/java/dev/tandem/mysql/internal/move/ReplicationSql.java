package dev.tandem.mysql.internal.move;

import dev.tandem.mysql.internal.CompareReplication;
import dev.tandem.mysql.internal.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The replication statements of a move, spelled for the server they run on, in one place: MariaDB keeps
 * {@code CHANGE MASTER TO} and its {@code MASTER_*} options (and names the new verbs {@code REPLICA} from
 * 10.5.1), MySQL renamed the verbs in 8.0.22 and {@code CHANGE MASTER TO} in 8.0.23 ({@code CHANGE
 * REPLICATION SOURCE TO}, {@code SOURCE_*} options); replication filters are global variables on MariaDB and
 * {@code CHANGE REPLICATION FILTER} on MySQL. Reading the replica status and waiting for a position are
 * {@link dev.tandem.mysql.internal.ReplicaStatus} and {@link CompareReplication}, shared with the comparison.
 * Every statement concerns the default channel (MySQL) or the default connection (MariaDB): the one an RDS
 * or Aurora target configures too. On such a managed server the statements are {@code CALL}s of its
 * {@link ReplicationProcedures}, and replication filters are its DB parameter group's, not SQL's.
 */
final class ReplicationSql {

    private final ServerFacts server;
    private final Optional<ReplicationProcedures> managed;

    /** The statements for a server that is not managed, or whose replication is not configured here. */
    ReplicationSql(ServerFacts server) {
        this(server, Optional.empty());
    }

    ReplicationSql(ServerFacts server, Optional<ReplicationProcedures> managed) {
        this.server = server;
        this.managed = managed;
    }

    /** The statements for the server behind {@code c}, managed or not. */
    static ReplicationSql of(Connection c) throws SQLException {
        return new ReplicationSql(ServerFacts.of(c), ReplicationProcedures.of(c));
    }

    /** Whether the server is managed (RDS, Aurora): it replicates through procedures and filters nothing by SQL. */
    boolean managed() {
        return managed.isPresent();
    }

    private boolean newSourceSyntax() {
        return !server.mariaDb() && server.atLeast(8, 0, 23);
    }

    private String verb() {
        return server.mariaDb() ? (server.atLeast(10, 5, 1) ? "REPLICA" : "SLAVE") : (server.atLeast(8, 0, 22) ? "REPLICA" : "SLAVE");
    }

    /**
     * Points the replica at {@code source} from {@code position}, by file and offset (MariaDB: not by GTID).
     * Holds the password: never log the statement. A MySQL replica asks for the source's RSA key, so that a
     * replication user with MySQL 8's default {@code caching_sha2_password} connects without TLS too.
     */
    String changeSource(SourceAddress source, BinlogPosition position) {
        if (managed.isPresent()) {
            // The procedures take no public-key option: AWS requires ssl_encryption = 1 for caching_sha2_password.
            return "CALL mysql." + managed.get().setSource() + "(" + Identifiers.literal(source.host()) + ", "
                    + source.port() + ", " + Identifiers.literal(source.user()) + ", "
                    + Identifiers.literal(source.password()) + ", " + Identifiers.literal(position.file()) + ", "
                    + position.offset() + ", " + (source.tls() ? 1 : 0) + ")";
        }
        String prefix = newSourceSyntax() ? "SOURCE_" : "MASTER_";
        String sql = (newSourceSyntax() ? "CHANGE REPLICATION SOURCE TO " : "CHANGE MASTER TO ")
                + prefix + "HOST = " + Identifiers.literal(source.host())
                + ", " + prefix + "PORT = " + source.port()
                + ", " + prefix + "USER = " + Identifiers.literal(source.user())
                + ", " + prefix + "PASSWORD = " + Identifiers.literal(source.password())
                + ", " + prefix + "LOG_FILE = " + Identifiers.literal(position.file())
                + ", " + prefix + "LOG_POS = " + position.offset()
                + ", " + prefix + "SSL = " + (source.tls() ? 1 : 0);
        if (server.mariaDb()) {
            return sql + ", MASTER_USE_GTID = no";
        }
        return sql + (server.gtidMode() ? ", " + prefix + "AUTO_POSITION = 0" : "")
                + (server.atLeast(8, 0, 4) ? ", GET_" + prefix + "PUBLIC_KEY = 1" : "");
    }

    String start() {
        if (managed.isPresent()) {
            return "CALL mysql." + ReplicationProcedures.START + "()";
        }
        return "START " + verb();
    }

    /** Starts both threads; the applier stops by itself once it has applied the source's log up to {@code until}. */
    String startUntil(BinlogPosition until) {
        if (managed.isPresent()) {
            return "CALL mysql.rds_start_replication_until(" + Identifiers.literal(until.file()) + ", " + until.offset() + ")";
        }
        String prefix = newSourceSyntax() ? "SOURCE_" : "MASTER_";
        return start() + " UNTIL " + prefix + "LOG_FILE = " + Identifiers.literal(until.file()) + ", " + prefix
                + "LOG_POS = " + until.offset();
    }

    String stop() {
        if (managed.isPresent()) {
            return "CALL mysql." + ReplicationProcedures.STOP + "()";
        }
        return "STOP " + verb();
    }

    /** Forgets the replica's source, its position and relay logs. */
    String resetAll() {
        if (managed.isPresent()) {
            return "CALL mysql." + managed.get().resetSource() + "()";
        }
        return "RESET " + verb() + " ALL";
    }

    /**
     * The statements that make the replica apply {@code database} only, minus {@code ignoredTables} (of that
     * database); the replica's threads must be stopped. A table filter decides on the table a row event
     * changes, so the source's other databases, and its {@code mysql} schema (users, grants), stay there.
     * None on a managed server, whose filters are its DB parameter group's ({@link #wildDoTable}); there,
     * ignored tables (joining a resumed copy's snapshots) cannot be had at all.
     */
    List<String> filter(String database, List<String> ignoredTables) {
        if (managed.isPresent()) {
            if (!ignoredTables.isEmpty()) {
                throw new IllegalStateException("the copy of " + database + " was resumed, so its tables come from"
                        + " several snapshots; joining them needs the replica to ignore " + ignoredTables + " for a while,"
                        + " and a managed server (RDS, Aurora) takes replication filters only from its DB parameter group:"
                        + " drop the target's tables and copy again without interruption");
            }
            return List.of();
        }
        String wild = wildDoTable(database);
        List<String> ignored = ignoredTables.stream().map(t -> database + "." + t).toList();
        if (server.mariaDb()) {
            return List.of("SET GLOBAL replicate_wild_do_table = " + Identifiers.literal(wild),
                    "SET GLOBAL replicate_ignore_table = " + Identifiers.literal(String.join(",", ignored)));
        }
        String tables = String.join(", ", ignoredTables.stream()
                .map(t -> Identifiers.quote(database) + "." + Identifiers.quote(t)).toList());
        return List.of("CHANGE REPLICATION FILTER REPLICATE_WILD_DO_TABLE = (" + Identifiers.literal(wild)
                + "), REPLICATE_IGNORE_TABLE = (" + tables + ")");
    }

    /** The statements that remove the filters {@link #filter} set. */
    List<String> noFilter() {
        if (managed.isPresent()) {
            return List.of();
        }
        if (server.mariaDb()) {
            return List.of("SET GLOBAL replicate_wild_do_table = ''", "SET GLOBAL replicate_ignore_table = ''");
        }
        return List.of("CHANGE REPLICATION FILTER REPLICATE_WILD_DO_TABLE = (), REPLICATE_IGNORE_TABLE = ()");
    }

    /** The query for the server's own binary log position (file, offset first). */
    String binaryLogStatus() {
        return CompareReplication.binaryLogStatus(server.mariaDb(), server.version());
    }

    /** The query that waits for a source position; parameters: file, offset, timeout in seconds, channel. */
    String positionWait() {
        return CompareReplication.positionWait(server.mariaDb(), server.version());
    }

    /** The {@code replicate_wild_do_table} pattern of exactly {@code database}'s tables, e.g. {@code shop.%}. */
    static String wildDoTable(String database) {
        return wildcardEscaped(database) + ".%";
    }

    /** In a wild table pattern, {@code _} and {@code %} of a name are wildcards unless escaped. */
    private static String wildcardEscaped(String name) {
        return name.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
    }
}
