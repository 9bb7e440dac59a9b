package dev.tandem.mysql;

import dev.tandem.TandemException;
import dev.tandem.spi.MigrationLock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET_LOCK} on a connection of its own: the server frees it when that session ends, so a node
 * that dies never leaves the schema locked. Waiting nodes say every few seconds whose it is.
 */
final class MySqlMigrationLock implements MigrationLock {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlMigrationLock.class);
    private static final int WAIT_SECONDS_PER_TRY = 5;
    /** MySQL's limit on lock names. */
    private static final int MAX_NAME = 64;

    private final DataSource dataSource;
    private Connection connection;
    private String name;

    MySqlMigrationLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void acquire(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            connection = dataSource.getConnection();
            name = lockName(schema(connection));
            long waitStarted = System.nanoTime();
            while (true) {
                long remainingSeconds = Math.max(1, (deadline - System.nanoTime() + 999_999_999) / 1_000_000_000);
                if (tryLock((int) Math.min(WAIT_SECONDS_PER_TRY, remainingSeconds))) {
                    if (System.nanoTime() - waitStarted > Duration.ofSeconds(1).toNanos()) {
                        LOG.info("Got the migration lock {} after {} s", name, (System.nanoTime() - waitStarted) / 1_000_000_000);
                    }
                    return;
                }
                String holder = holder();
                if (System.nanoTime() > deadline) {
                    throw new TandemException("Gave up waiting for the migration lock " + name + " after "
                            + timeout.toSeconds() + " s; it is held by " + holder + ". Another node is migrating: let it"
                            + " finish, or raise lockTimeout.");
                }
                LOG.info("Waiting for the migration lock {}: another node is migrating ({})", name, holder);
            }
        } catch (SQLException e) {
            close();
            throw new TandemException("Could not take the migration lock: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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

    /** {@code tandem:<schema>}, shortened with a checksum when the schema name would make it too long. */
    static String lockName(String schema) {
        String name = "tandem:" + schema;
        if (name.length() <= MAX_NAME) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(schema.getBytes(StandardCharsets.UTF_8));
        return name.substring(0, MAX_NAME - 9) + ":" + String.format("%08x", crc.getValue());
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            s.setString(1, name);
            s.execute();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Releasing the migration lock failed ({}); closing its session frees it", e.toString());
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the lock connection failed: {}", e.toString());
            }
            connection = null;
        }
    }
}
