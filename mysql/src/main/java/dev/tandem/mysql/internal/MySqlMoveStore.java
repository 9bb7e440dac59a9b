package dev.tandem.mysql.internal;

import dev.tandem.TableNames;
import dev.tandem.TandemException;
import dev.tandem.spi.MoveAck;
import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveState;
import dev.tandem.spi.MoveStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A move's record ({@link TableNames#move()}: one row, the schema's one move at a time) and the instances'
 * acknowledgements ({@link TableNames#moveAcks()}). Times are UTC; deadlines are measured by this server's clock.
 */
final class MySqlMoveStore implements MoveStore {

    /** The key of the one row of the move table. */
    private static final int THE_MOVE = 1;
    private static final String COLUMNS = "move_id, revision, serving, phase, epoch, hold_deadline, verified_at,"
            + " original_server_id, original_label, destination_server_id, destination_label";

    private final DataSource dataSource;
    private final String table;
    private final String acks;

    MySqlMoveStore(DataSource dataSource, TableNames tables) {
        this.dataSource = dataSource;
        this.table = tables.move();
        this.acks = tables.moveAcks();
    }

    /** The statements that create the move's tables. */
    static List<String> create(String table, String acks) {
        return List.of("CREATE TABLE IF NOT EXISTS " + table + " ("
                        + " id TINYINT NOT NULL PRIMARY KEY,"
                        + " move_id VARCHAR(36) NOT NULL,"
                        + " revision BIGINT NOT NULL,"
                        + " serving VARCHAR(11) NOT NULL,"
                        + " phase VARCHAR(11) NOT NULL,"
                        + " epoch BIGINT NOT NULL,"
                        + " hold_deadline DATETIME(3) NULL,"
                        + " verified_at DATETIME(3) NULL,"
                        + " original_server_id BIGINT UNSIGNED NOT NULL,"
                        + " original_label VARCHAR(255) NOT NULL,"
                        + " destination_server_id BIGINT UNSIGNED NOT NULL,"
                        + " destination_label VARCHAR(255) NOT NULL,"
                        + " updated_at DATETIME(3) NOT NULL"
                        + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE IF NOT EXISTS " + acks + " ("
                        + " move_id VARCHAR(36) NOT NULL,"
                        + " epoch BIGINT NOT NULL,"
                        + " instance_id VARCHAR(64) NOT NULL,"
                        + " status VARCHAR(16) NOT NULL,"
                        + " detail VARCHAR(500) NOT NULL,"
                        + " acknowledged_at DATETIME(3) NOT NULL,"
                        + " PRIMARY KEY (move_id, epoch, instance_id)"
                        + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
    }

    @Override
    public void create() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : create(table, acks)) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new TandemException("Could not create the move's tables " + table + " and " + acks + ": "
                    + Jdbc.describe(e), e);
        }
    }

    /**
     * How long a statement on the record waits for the server's answer. The instances read it (and the server's
     * clock, and write their acknowledgements) every few hundred milliseconds while a cut-over holds their
     * connections, on both servers: without a limit, a statement through a network that drops packets without a
     * word waited for the operating system's TCP timeout (a quarter of an hour), and the instance stayed held, its
     * requests failing, long after the cut-over was abandoned.
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** A connection of the store's pool whose statements wait {@link #READ_TIMEOUT} at most for an answer. */
    private Connection answering() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setNetworkTimeout(Runnable::run, (int) READ_TIMEOUT.toMillis());
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public Optional<MoveRecord> read() {
        try (Connection c = answering()) {
            return readOn(c);
        } catch (SQLException e) {
            if (e.getErrorCode() == Jdbc.NO_SUCH_TABLE) {
                return Optional.empty();
            }
            throw new TandemException("Could not read the move's record in " + table + ": " + Jdbc.describeFailedRead(e), e);
        }
    }

    private Optional<MoveRecord> readOn(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE id = " + THE_MOVE);
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(record(rs)) : Optional.empty();
        }
    }

    private static MoveRecord record(ResultSet rs) throws SQLException {
        MoveState state = new MoveState(MoveState.Side.valueOf(rs.getString("serving")),
                MoveState.Phase.valueOf(rs.getString("phase")), rs.getLong("epoch"), Jdbc.instant(rs, "hold_deadline"),
                Jdbc.instant(rs, "verified_at"));
        return new MoveRecord(rs.getString("move_id"), rs.getLong("revision"), state,
                new MoveRecord.Server(rs.getLong("original_server_id"), rs.getString("original_label")),
                new MoveRecord.Server(rs.getLong("destination_server_id"), rs.getString("destination_label")));
    }

    @Override
    public Instant now() {
        try (Connection c = answering()) {
            return Jdbc.utcNow(c);
        } catch (SQLException e) {
            throw new TandemException("Could not read the database clock: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean begin(MoveRecord first) {
        write("INSERT IGNORE INTO " + table + " (id, " + COLUMNS + ", updated_at) VALUES (" + THE_MOVE
                + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))", values(first));
        // A finished move's row is replaced; the row of a move under way is left alone (and this returns false).
        write("UPDATE " + table + " SET " + assignments() + ", updated_at = UTC_TIMESTAMP(3)"
                + " WHERE id = " + THE_MOVE + " AND phase = 'FINISHED'", values(first));
        return read().map(stored -> stored.moveId().equals(first.moveId())).orElse(false);
    }

    @Override
    public boolean advance(MoveRecord next) {
        String sql = "UPDATE " + table + " SET " + assignments() + ", updated_at = UTC_TIMESTAMP(3)"
                + " WHERE id = " + THE_MOVE + " AND move_id = ? AND revision = ?";
        return write(sql, append(values(next), next.moveId(), next.revision() - 1)) == 1;
    }

    private static String assignments() {
        StringBuilder set = new StringBuilder();
        for (String column : COLUMNS.split(", ")) {
            set.append(set.isEmpty() ? "" : ", ").append(column).append(" = ?");
        }
        return set.toString();
    }

    private static Object[] values(MoveRecord r) {
        MoveState s = r.state();
        return new Object[] {r.moveId(), r.revision(), s.serving().name(), s.phase().name(), s.epoch(),
                utc(s.holdDeadline()), utc(s.verifiedAt()), r.original().serverId(), r.original().label(),
                r.destination().serverId(), r.destination().label()};
    }

    private static Object[] append(Object[] values, Object... more) {
        Object[] all = java.util.Arrays.copyOf(values, values.length + more.length);
        System.arraycopy(more, 0, all, values.length, more.length);
        return all;
    }

    private static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public void acknowledge(MoveAck ack) {
        write("REPLACE INTO " + acks + " (move_id, epoch, instance_id, status, detail, acknowledged_at)"
                + " VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3))", ack.moveId(), ack.epoch(), ack.instanceId(),
                ack.status().name(), ack.detail().length() > 500 ? ack.detail().substring(0, 500) : ack.detail());
    }

    @Override
    public List<MoveAck> acks(String moveId, long epoch) {
        String sql = "SELECT instance_id, epoch, status, detail FROM " + acks + " WHERE move_id = ? AND epoch = ?"
                + " ORDER BY instance_id";
        try (Connection c = answering(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, moveId);
            s.setLong(2, epoch);
            List<MoveAck> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new MoveAck(moveId, rs.getString(1), rs.getLong(2), MoveAck.Status.valueOf(rs.getString(3)),
                            rs.getString(4)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new TandemException("Could not read the acknowledgements in " + acks + ": " + Jdbc.describeFailedRead(e), e);
        }
    }

    private int write(String sql, Object... parameters) {
        try {
            try (Connection c = answering()) {
                return Jdbc.update(c, sql, parameters);
            }
        } catch (SQLException e) {
            throw new TandemException("Could not write the move's record in " + table + ": " + Jdbc.describe(e), e);
        }
    }
}
