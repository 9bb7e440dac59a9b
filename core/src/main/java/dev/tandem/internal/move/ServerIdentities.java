package dev.tandem.internal.move;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.MoveServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Which configured server is which: the {@code server_id} behind each {@link Endpoint}, read once through a
 * one-connection pool that is kept for reading the move's record there while a cut-over holds.
 */
final class ServerIdentities implements AutoCloseable {

    private final Dialect dialect;
    private final Map<Endpoint, HikariDataSource> probes = new LinkedHashMap<>();
    private final Map<Endpoint, Long> ids = new LinkedHashMap<>();

    ServerIdentities(Dialect dialect) {
        this.dialect = dialect;
    }

    /** A connection to {@code endpoint}, for reads. */
    synchronized DataSource probe(Endpoint endpoint) {
        return probes.computeIfAbsent(endpoint, e -> new HikariDataSource(e.poolConfig("tandem-move-probe", 1)));
    }

    /** The {@code server_id} of {@code endpoint}'s server. */
    synchronized long serverId(Endpoint endpoint) {
        Long known = ids.get(endpoint);
        if (known == null) {
            known = server(endpoint).serverId();
            ids.put(endpoint, known);
        }
        return known;
    }

    /** {@code endpoint}'s server as a move drives it. */
    MoveServer server(Endpoint endpoint) {
        return dialect.moveServer(probe(endpoint), endpoint.url(), null, null);
    }

    /** The configured server with {@code serverId}, among {@code endpoints}; empty when none has it or none answers. */
    Optional<Endpoint> withId(Iterable<Endpoint> endpoints, long serverId) {
        for (Endpoint endpoint : endpoints) {
            try {
                if (serverId(endpoint) == serverId) {
                    return Optional.of(endpoint);
                }
            } catch (RuntimeException e) {
                // unreachable now: it is not the one to switch to
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        probes.values().forEach(HikariDataSource::close);
        probes.clear();
    }
}
