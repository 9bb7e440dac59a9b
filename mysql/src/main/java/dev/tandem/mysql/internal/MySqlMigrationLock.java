package dev.tandem.mysql.internal;

import dev.tandem.TandemException;
import dev.tandem.spi.MigrationLock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET_LOCK} on a connection of its own: the server frees it when that session ends, so a node
 * that dies never leaves the schema locked. Waiting nodes say every few seconds whose it is. The
 * schema's migration lock is {@code tandem:<schema>}; a scoped lock, such as one migration's backfill
 * lock, is {@code tandem:<schema>:<scope>}. A lock {@link #onSession on a session} the work itself runs on
 * lives exactly as long as that session on the server, statement in flight included.
 */
final class MySqlMigrationLock implements MigrationLock {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlMigrationLock.class);
    private static final int WAIT_SECONDS_PER_TRY = 5;
    /** MySQL's limit on lock names. */
    private static final int MAX_NAME = 64;
    /** The longest pause between two pings of a held lock's session (shorter where the server's wait_timeout is). */
    private static final long KEEP_ALIVE_MAX_SECONDS = 60;
    /** Pings the sessions of held locks, for every lock of the JVM: one daemon thread, idle but for a ping. */
    private static final ScheduledExecutorService KEEP_ALIVE = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tandem-lock-keep-alive");
        t.setDaemon(true);
        return t;
    });

    /** Where the lock's own session comes from; null for a lock on a session the caller owns. */
    private final DataSource dataSource;
    /** Null for the schema's migration lock, else what the lock guards, e.g. {@code backfill:2.1}. */
    private final String scope;
    /** For messages: "migration lock" or "backfill:2.1 lock". */
    private final String kind;
    /** The lock session's wait_timeout, when it must be shorter than the server's; null for the server's. */
    private final Duration idleLimit;
    private Connection connection;
    private String name;
    /** The pings of the held lock's session ({@link #keepAlive}); null while none is held. */
    private ScheduledFuture<?> keepAlive;
    /** Whether the last acquire found the lock held by another session and waited for it. */
    private boolean waited;

    MySqlMigrationLock(DataSource dataSource, String scope) {
        this(dataSource, scope, null);
    }

    /**
     * A lock whose session the server ends {@code idleLimit} after its holder's last ping: freed that soon
     * when the holder's host freezes or drops off the network, where no FIN tells the server.
     */
    MySqlMigrationLock(DataSource dataSource, String scope, Duration idleLimit) {
        this.dataSource = dataSource;
        this.scope = scope;
        this.kind = scope == null ? "migration lock" : scope + " lock";
        this.idleLimit = idleLimit;
    }

    private MySqlMigrationLock(Connection session, String scope) {
        this((DataSource) null, scope);
        this.connection = session;
    }

    /**
     * A lock taken on {@code session}, which the caller keeps using and closes: no pings (the caller's work
     * keeps it busy), and {@link #close} releases the lock but leaves the session open.
     */
    static MySqlMigrationLock onSession(Connection session, String scope) {
        return new MySqlMigrationLock(session, scope);
    }

    /** Whether the last {@link #acquire} had to wait for another session to let go of the lock. */
    boolean waited() {
        return waited;
    }

    @Override
    public void acquire(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            open();
            if (tryLock(0)) {
                keepAlive();
                return;
            }
            waited = true;
            long waitStarted = System.nanoTime();
            while (true) {
                long remainingSeconds = Math.max(1, (deadline - System.nanoTime() + 999_999_999) / 1_000_000_000);
                if (tryLock((int) Math.min(WAIT_SECONDS_PER_TRY, remainingSeconds))) {
                    keepAlive();
                    if (System.nanoTime() - waitStarted > Duration.ofSeconds(1).toNanos()) {
                        LOG.info("Got the {} {} after {} s", kind, name, (System.nanoTime() - waitStarted) / 1_000_000_000);
                    }
                    return;
                }
                String holder = holder();
                if (Thread.currentThread().isInterrupted()) {
                    throw new TandemException("Stopped waiting for the " + kind + " " + name + ", held by " + holder
                            + ": its thread was interrupted");
                }
                if (System.nanoTime() > deadline) {
                    throw new TandemException("Gave up waiting for the " + kind + " " + name + " after "
                            + timeout.toSeconds() + " s; it is held by " + holder + ". Another node is "
                            + (scope == null ? "migrating" : "at work on it") + ": let it finish, or raise lockTimeout.");
                }
                LOG.info("Waiting for the {} {}: another node holds it ({})", kind, name, holder);
            }
        } catch (SQLException e) {
            close();
            throw new TandemException("Could not take the " + kind + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public boolean tryAcquire() {
        try {
            open();
            if (tryLock(0)) {
                keepAlive();
                return true;
            }
            LOG.debug("The {} {} is held by {}", kind, name, holder());
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not try the {}: {}", kind, e.toString());
        }
        close();
        return false;
    }

    /** Gets the lock's own session, unless it is on the caller's, and names the lock after its schema. */
    private void open() throws SQLException {
        if (dataSource != null) {
            connection = dataSource.getConnection();
            if (idleLimit != null) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SET SESSION wait_timeout = " + Math.max(1, idleLimit.toSeconds()));
                }
            }
        }
        name = lockName(schema(connection), scope);
    }

    private boolean tryLock(int waitSeconds) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            s.setString(1, name);
            s.setInt(2, waitSeconds);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /**
     * The lock's session sits idle while the work it guards runs on other connections (a backfill of hours):
     * a server that ends idle sessions after its {@code wait_timeout} (8 hours by default, often far less)
     * would free the lock unseen, and another node could take it and run the same work at once. So the
     * session is pinged, three times within its timeout (at most a minute apart); a node that dies stops
     * pinging, and the server frees its lock as before. A ping that fails says the lock is gone.
     */
    private void keepAlive() throws SQLException {
        if (dataSource == null) {
            return; // the caller's session: its work keeps it busy, and a ping would queue behind that work
        }
        long idleSeconds;
        try (PreparedStatement s = connection.prepareStatement("SELECT @@session.wait_timeout"); ResultSet rs = s.executeQuery()) {
            rs.next();
            idleSeconds = rs.getLong(1);
        }
        long every = Math.max(1, Math.min(KEEP_ALIVE_MAX_SECONDS, idleSeconds / 3));
        keepAlive = KEEP_ALIVE.scheduleWithFixedDelay(this::ping, every, every, TimeUnit.SECONDS);
    }

    private synchronized void ping() {
        if (connection == null) {
            return;
        }
        try {
            if (!connection.isValid((int) KEEP_ALIVE_MAX_SECONDS)) {
                throw new SQLException("the connection is no longer valid");
            }
        } catch (SQLException e) {
            LOG.warn("Lost the session of the {} {}: the server frees the lock with it, and another node may take it and run"
                    + " the same work at once ({})", kind, name, e.getMessage());
            keepAlive.cancel(false);
        }
    }

    /**
     * Asks the lock's session whether the server still gives it the lock: false when the session ended (the
     * keep-alive's ping or this question fails), when another may hold it now.
     */
    @Override
    public synchronized boolean held() {
        if (connection == null) {
            return false;
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT IS_USED_LOCK(?) = CONNECTION_ID()")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            LOG.debug("The session of the {} {} cannot be asked whether it holds it: {}", kind, name, e.toString());
            return false;
        }
    }

    /** Who holds the lock, as far as the server tells: its connection id, user, host and what it runs. */
    private String holder() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT p.id, p.user, p.host, p.command, p.time, p.info"
                + " FROM information_schema.processlist p WHERE p.id = IS_USED_LOCK(?)")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return "a session that just ended";
                }
                String info = rs.getString(6);
                return "connection " + rs.getLong(1) + " of " + rs.getString(2) + "@" + rs.getString(3) + ", "
                        + rs.getString(4) + " for " + rs.getLong(5) + " s"
                        + (info == null ? "" : ", running: " + info.substring(0, Math.min(120, info.length())));
            }
        }
    }

    private static String schema(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT DATABASE()"); ResultSet rs = s.executeQuery()) {
            rs.next();
            String schema = rs.getString(1);
            if (schema == null) {
                throw new TandemException("The connection has no default database: put the schema in the JDBC URL"
                        + " (jdbc:mysql://host:3306/schema)");
            }
            return schema;
        }
    }

    /**
     * {@code tandem:<schema>[:<scope>]}; a schema name that would make it longer than the server allows
     * is cut and followed by its checksum, so the scope stays readable and names stay distinct.
     */
    static String lockName(String schema, String scope) {
        String suffix = scope == null ? "" : ":" + scope;
        String name = "tandem:" + schema + suffix;
        if (name.length() <= MAX_NAME) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(schema.getBytes(StandardCharsets.UTF_8));
        String checksum = String.format(":%08x", crc.getValue());
        int keep = Math.max(0, MAX_NAME - "tandem:".length() - checksum.length() - suffix.length());
        String shortened = "tandem:" + schema.substring(0, Math.min(keep, schema.length())) + checksum + suffix;
        return shortened.length() <= MAX_NAME ? shortened : shortened.substring(0, MAX_NAME);
    }

    @Override
    public synchronized void close() {
        if (keepAlive != null) {
            keepAlive.cancel(false);
            keepAlive = null;
        }
        if (connection == null) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            s.setString(1, name);
            s.execute();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Releasing the {} failed ({}); closing its session frees it", kind, e.toString());
        }
        if (idleLimit != null) { // the session goes back to its pool
            try (Statement s = connection.createStatement()) {
                s.execute("SET SESSION wait_timeout = @@GLOBAL.wait_timeout");
            } catch (SQLException e) {
                LOG.debug("Restoring the lock session's wait_timeout failed ({}); it ends idle in its pool, which replaces it",
                        e.toString());
            }
        }
        if (dataSource != null) { // else the caller's session: the caller closes it
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the lock connection failed: {}", e.toString());
            }
        }
        connection = null;
    }
}
