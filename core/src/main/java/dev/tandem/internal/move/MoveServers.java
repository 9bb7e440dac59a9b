package dev.tandem.internal.move;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.MoveRefusedException;
import dev.tandem.TableNames;
import dev.tandem.TandemException;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.FleetStore;
import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveServer;
import dev.tandem.spi.MoveState;
import dev.tandem.spi.MoveStore;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two servers of a move as whoever coordinates it sees them: the database as configured and the move's
 * target, each with a small pool, the dialect's {@link MoveServer} and the {@link MoveStore} on it. Which one
 * is the move's original and which its destination is read from the record, by {@code server_id}.
 */
public final class MoveServers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MoveServers.class);
    /** Connections beside the copy's workers: the snapshot's coordinator, the coordinators' lock, the record. */
    private static final int CONNECTIONS_BESIDE_WORKERS = 3;

    /** One server: where it is, a pool to it, and the move's view of it. */
    public record Server(Endpoint endpoint, HikariDataSource pool, MoveServer server, MoveStore store, FleetStore fleet) {
        long serverId() {
            return server.serverId();
        }
    }

    private final Server configured;
    private final Server target;

    private MoveServers(Server configured, Server target) {
        this.configured = configured;
        this.target = target;
    }

    /**
     * Opens pools to {@code database} and {@code target}, big enough for a copy by {@code workers} connections;
     * replication between them connects as {@code replicationUser}.
     */
    public static MoveServers open(Dialect dialect, TableNames tables, Endpoint database, Endpoint target,
                                   String replicationUser, String replicationPassword, int workers) {
        int poolSize = workers + CONNECTIONS_BESIDE_WORKERS;
        if (target == null) {
            throw new MoveRefusedException("No move target is configured: give it with moveTarget(url, user, password),"
                    + " TANDEM_TARGET_URL (or TANDEM_TARGET_SECRET_FILE), or --target-url");
        }
        Server first = server(dialect, tables, database, replicationUser, replicationPassword, poolSize);
        try {
            return new MoveServers(first, server(dialect, tables, target, replicationUser, replicationPassword, poolSize));
        } catch (RuntimeException e) {
            first.pool().close();
            throw e;
        }
    }

    private static Server server(Dialect dialect, TableNames tables, Endpoint endpoint, String replicationUser,
                                 String replicationPassword, int poolSize) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(endpoint.poolConfig("tandem-move", poolSize));
        } catch (RuntimeException e) {
            // Hikari's own exception names neither server nor URL: with two servers, which one matters.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new TandemException("Cannot connect to " + endpoint + ": " + cause.getMessage(), e);
        }
        String user = replicationUser != null ? replicationUser : endpoint.user();
        String password = replicationUser != null ? replicationPassword : endpoint.password();
        return new Server(endpoint, pool, dialect.moveServer(pool, endpoint.url(), user, password),
                dialect.moveStore(pool, tables), dialect.fleetStore(pool, tables));
    }

    /** The database as configured: a new move's source. */
    public Server configured() {
        return configured;
    }

    /** The move target as configured: a new move's destination. */
    public Server target() {
        return target;
    }

    /** The newest record of the move, of the two servers' copies; a server that does not answer is passed over. */
    public Optional<MoveRecord> freshest() {
        MoveRecord newest = null;
        RuntimeException failure = null;
        for (Server server : List.of(configured, target)) {
            try {
                MoveRecord there = server.store().read().orElse(null);
                if (there != null && there.newerThan(newest)) {
                    newest = there;
                }
            } catch (RuntimeException e) {
                LOG.debug("Cannot read the move's record on {}: {}", server.endpoint(), e.getMessage());
                failure = e;
            }
        }
        if (newest == null && failure != null) {
            throw failure;
        }
        return Optional.ofNullable(newest);
    }

    /** The server of {@code side} of {@code record}; refused when neither configured server is it. */
    public Server side(MoveRecord record, MoveState.Side side) {
        MoveRecord.Server wanted = record.server(side);
        for (Server server : List.of(configured, target)) {
            if (server.serverId() == wanted.serverId()) {
                return server;
            }
        }
        throw new MoveRefusedException("Neither configured server is the move's " + side.name().toLowerCase(java.util.Locale.ROOT)
                + " server, " + wanted.label() + " (server_id " + wanted.serverId() + "): give the two servers of move "
                + record.moveId() + " as the database and the target");
    }

    /** The server the application uses in {@code record}. */
    public Server serving(MoveRecord record) {
        return side(record, record.state().serving());
    }

    /** The server the application does not use in {@code record}. */
    public Server other(MoveRecord record) {
        return side(record, record.state().serving().other());
    }

    @Override
    public void close() {
        configured.pool().close();
        target.pool().close();
    }
}
