package dev.tandem.mysql.internal.move;

import dev.tandem.MoveProblem;
import dev.tandem.TandemException;
import dev.tandem.mysql.internal.Jdbc;
import dev.tandem.spi.MoveServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A MySQL or MariaDB server of a move, driving the classes of this package: {@link MoveServerCheck},
 * {@link SnapshotCopy}, {@link Replication} and {@link ReadOnlySwitch}. The other server reaches it at the host
 * and port of its JDBC URL, as the replication user.
 */
public final class MySqlMoveServer implements MoveServer {

    /** How long a replica applies the rows a resumed copy's older snapshots miss, per round. */
    static final Duration COPY_ROUND_TIMEOUT = Duration.ofMinutes(10);
    /** How long {@code read_only} waits for a metadata lock before it fails: a cut-over must not hang on it. */
    static final Duration READ_ONLY_LOCK_WAIT = Duration.ofSeconds(5);

    private final DataSource server;
    private final String url;
    private final String replicationUser;
    private final String replicationPassword;
    private volatile Long serverId;

    public MySqlMoveServer(DataSource server, String url, String replicationUser, String replicationPassword) {
        this.server = server;
        this.url = url;
        this.replicationUser = replicationUser;
        this.replicationPassword = replicationPassword;
    }

    /**
     * Read once: a server's id does not change while it runs, and a cut-over asks for it at each step (which
     * server of the record is which), where every round trip lengthens the pause.
     */
    @Override
    public long serverId() {
        Long id = serverId;
        if (id == null) {
            id = facts().serverId();
            serverId = id;
        }
        return id;
    }

    @Override
    public String label() {
        return facts().label() + (url == null ? "" : " at " + hostAndPort());
    }

    @Override
    public List<MoveProblem> checkAsTarget(MoveServer source, boolean adopt) {
        List<MoveProblem> problems;
        try {
            problems = new ArrayList<>(MoveServerCheck.check(of(source).server, server,
                    adopt ? MoveServerCheck.Mode.ADOPT : MoveServerCheck.Mode.COPY));
        } catch (SQLException e) {
            throw failed("check the servers for a move", e);
        }
        // This server replicates from the source, and the source from it after the cut-over: asked before the copy,
        // which a missing account otherwise failed after, the target's replication reset already.
        of(source).replicationAccountProblem("source").ifPresent(problems::add);
        replicationAccountProblem("target").ifPresent(problems::add);
        return problems;
    }

    /** What is missing of the account another server replicates from this one ({@code side}) as, if anything. */
    private Optional<MoveProblem> replicationAccountProblem(String side) {
        if (replicationUser == null) {
            return Optional.of(MoveProblem.error(side, "no account is configured to replicate from it", "configure"
                    + " replicationUser(user, password) (TANDEM_REPLICATION_USER, TANDEM_REPLICATION_PASSWORD), or connect"
                    + " with a user and password"));
        }
        if (replicationPassword == null) {
            return Optional.of(MoveProblem.error(side, "no password is configured for " + replicationUser + ", the account"
                    + " the other server replicates from it as", "give it with replicationUser(user, password)"
                    + " (TANDEM_REPLICATION_PASSWORD); '' for an account without one"));
        }
        return Optional.empty();
    }

    @Override
    public CopyReport copyFrom(MoveServer source, CopySettings settings) throws InterruptedException {
        MySqlMoveServer from = of(source);
        try {
            CopyResult copied = new SnapshotCopy(from.server, server, SnapshotCopy.Options.defaults()
                    .withWorkers(settings.workers()).withChunkRows(settings.chunkRows()).withThrottle(settings.throttle())
                    .withListener(settings.progress()::rows)).run();
            new Replication(server).start(from.address(), copied.snapshots(), from.database(), COPY_ROUND_TIMEOUT);
            return new CopyReport(copied.rowsCopied(), copied.scannedWithoutKey(), copied.notCopied());
        } catch (SQLException e) {
            throw failed("copy " + from.label() + " into " + label(), e);
        }
    }

    @Override
    public void forgetCopy() {
        try {
            SnapshotCopy.forget(server);
        } catch (SQLException e) {
            throw failed("drop the copy's checkpoints", e);
        }
    }

    @Override
    public ReplicaState replicaState(MoveServer source) {
        try {
            ReplicationState state = new Replication(server).status();
            boolean fromSource = state.from(of(source).hostAndPort(), source.serverId());
            return new ReplicaState(fromSource, state.healthy(), state.lagSeconds(), state.lastError());
        } catch (SQLException e) {
            throw failed("read the replication state", e);
        }
    }

    @Override
    public void replicateFrom(MoveServer source, String position) {
        MySqlMoveServer from = of(source);
        try {
            new Replication(server).start(from.address(), BinlogPosition.parse(position), from.database());
        } catch (SQLException e) {
            throw failed("start replicating from " + from.label(), e);
        }
    }

    @Override
    public boolean awaitApplied(String sourcePosition, Duration timeout) {
        try {
            return new Replication(server).awaitApplied(BinlogPosition.parse(sourcePosition), timeout);
        } catch (SQLException e) {
            throw failed("wait for replication to reach " + sourcePosition, e);
        }
    }

    @Override
    public void stopReplicating() {
        try {
            new Replication(server).stopAndReset();
        } catch (SQLException e) {
            throw failed("stop replicating", e);
        }
    }

    @Override
    public String position() {
        try {
            return Replication.loggedPosition(server).map(BinlogPosition::text).orElse(null);
        } catch (SQLException e) {
            throw failed("read the binary log position", e);
        }
    }

    @Override
    public void readOnly() {
        try {
            new ReadOnlySwitch(server, READ_ONLY_LOCK_WAIT).readOnly();
        } catch (SQLException e) {
            throw failed("make the server read-only", e);
        }
    }

    @Override
    public void writable() {
        try {
            new ReadOnlySwitch(server, READ_ONLY_LOCK_WAIT).writable();
        } catch (SQLException e) {
            throw failed("make the server writable", e);
        }
    }

    @Override
    public int endApplicationSessions() {
        try {
            return new ReadOnlySwitch(server, READ_ONLY_LOCK_WAIT).killClientSessions().size();
        } catch (SQLException e) {
            throw failed("end the application's sessions", e);
        }
    }

    private ServerFacts facts() {
        try (Connection c = server.getConnection()) {
            return ServerFacts.of(c);
        } catch (SQLException e) {
            throw failed("read the server's facts", e);
        }
    }

    private String database() {
        try (Connection c = server.getConnection()) {
            return c.getCatalog();
        } catch (SQLException e) {
            throw failed("read the server's database", e);
        }
    }

    /** Where the other server reaches this one, as the replication user. */
    private SourceAddress address() {
        if (replicationUser == null) {
            throw new TandemException("A move needs a user for replication from " + hostAndPort() + ": configure"
                    + " replicationUser(...) (TANDEM_REPLICATION_USER) or connect with a user and password");
        }
        JdbcHost where = jdbcHost();
        return new SourceAddress(where.host(), where.port(), replicationUser, replicationPassword, false);
    }

    private String hostAndPort() {
        return jdbcHost().toString();
    }

    private JdbcHost jdbcHost() {
        return JdbcHost.of(url).orElseThrow(() -> new TandemException("A move needs the JDBC URL of each server"
                + " (jdbc:mysql://host:port/database), so that the other server can replicate from it; configure the"
                + " database with url(...), not a DataSource"));
    }

    private static MySqlMoveServer of(MoveServer server) {
        return (MySqlMoveServer) server;
    }

    private TandemException failed(String what, SQLException e) {
        return new TandemException("Could not " + what + " on " + (url == null ? "the server" : hostAndPort()) + ": "
                + Jdbc.describe(e), e);
    }
}
