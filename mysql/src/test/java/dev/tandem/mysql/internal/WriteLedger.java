package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Application writers on {@code customers (id, name, balance[, display])} that record every write the server
 * acknowledged, and read each row back after writing it: at the end, the table must hold exactly what the
 * ledger says (nothing acknowledged lost, nothing deleted back), and no read may have seen another value.
 * Each writer owns its rows (an old writer the initial ids of its residue, every writer what it inserts), so
 * the last acknowledged write of a row is its value. Old writers (untagged) write name and balance; new
 * writers (tagged, their connections from {@code newCode}) also write {@code display}, {@code 'v2 '} and the
 * name, in their rows.
 */
final class WriteLedger implements AutoCloseable {

    /** What the ledger expects of a row: its name, balance and, for a new writer's row, display; null when deleted. */
    record Expected(String name, long balance, String display) {
    }

    private final Map<Long, Expected> rows = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger wrongReads = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong highestId = new AtomicLong();
    private final List<String> failureMessages = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService pool;
    private final List<Future<?>> done = new ArrayList<>();

    /**
     * Starts {@code oldWriters} old and {@code newWriters} new writers over the {@code initialRows} rows with
     * ids 1..initialRows, whose name is {@code 'customer <id>'} and balance 0.
     */
    WriteLedger(int initialRows, int oldWriters, Supplier<Connection> oldCode, int newWriters, Supplier<Connection> newCode) {
        for (long id = 1; id <= initialRows; id++) {
            rows.put(id, new Expected("customer " + id, 0, null));
        }
        highestId.set(initialRows);
        int writers = oldWriters + newWriters;
        pool = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            boolean isNew = w >= oldWriters;
            done.add(pool.submit(() -> write(writer, writers, initialRows, isNew, isNew ? newCode : oldCode)));
        }
    }

    private Void write(int writer, int writers, int initialRows, boolean isNew, Supplier<Connection> connections)
            throws SQLException {
        Random random = new Random(writer);
        List<Long> own = new ArrayList<>();
        for (long id = writer + 1; id <= initialRows && !isNew; id += writers) {
            own.add(id);
        }
        try (Connection c = connections.get()) {
            for (int i = 0; running.get(); i++) {
                try {
                    int op = random.nextInt(10);
                    if (op < 5 && !own.isEmpty()) {
                        long id = own.get(random.nextInt(own.size()));
                        String name = "w" + writer + " update " + i;
                        Expected next = new Expected(name, i, isNew ? "v2 " + name : null);
                        update(c, isNew ? "UPDATE customers SET name = ?, balance = ?, display = CONCAT('v2 ', name) WHERE id = ?"
                                : "UPDATE customers SET name = ?, balance = ? WHERE id = ?", next.name(), next.balance(), id);
                        rows.put(id, next);
                        check(c, id, next);
                    } else if (op < 8) {
                        String name = "w" + writer + " insert " + i;
                        long id = isNew ? insert(c, "INSERT INTO customers (name, balance, display) VALUES (?, ?, ?)", name, i,
                                "v2 " + name) : insert(c, "INSERT INTO customers (name, balance) VALUES (?, ?)", name, i, null);
                        Expected next = new Expected(name, i, isNew ? "v2 " + name : null);
                        rows.put(id, next);
                        own.add(id);
                        highestId.accumulateAndGet(id, Math::max);
                        check(c, id, next);
                    } else if (op < 9 && !own.isEmpty()) {
                        long id = own.remove(random.nextInt(own.size()));
                        update(c, "DELETE FROM customers WHERE id = ?", null, 0, id);
                        rows.remove(id);
                        check(c, id, null);
                    } else {
                        Thread.sleep(1);
                        continue;
                    }
                    writes.incrementAndGet();
                } catch (SQLException e) {
                    if (isNew && e.getErrorCode() == 1054) {
                        continue; // new code deployed before its column exists: only in this test
                    }
                    failures.incrementAndGet();
                    if (failureMessages.size() < 20) {
                        failureMessages.add(e.getErrorCode() + " " + e.getMessage());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }

    private static void update(Connection c, String sql, String name, long balance, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (name != null) {
                s.setString(i++, name);
                s.setLong(i++, balance);
            }
            s.setLong(i, id);
            if (s.executeUpdate() != 1) {
                throw new SQLException("no row " + id + " for: " + sql);
            }
        }
    }

    private static long insert(Connection c, String sql, String name, long balance, String display) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, name);
            s.setLong(2, balance);
            if (display != null) {
                s.setString(3, display);
            }
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Reads the row back as the writer's next request would: it must be what was just written. */
    private void check(Connection c, long id, Expected expected) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT name, balance FROM customers WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                boolean found = rs.next();
                if (expected == null ? found
                        : !found || !expected.name().equals(rs.getString(1)) || expected.balance() != rs.getLong(2)) {
                    wrongReads.incrementAndGet();
                }
            }
        }
    }

    /** Stops the writers and waits for them. */
    @Override
    public void close() throws Exception {
        running.set(false);
        try {
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    int writes() {
        return writes.get();
    }

    int wrongReads() {
        return wrongReads.get();
    }

    int failures() {
        return failures.get();
    }

    List<String> failureMessages() {
        return failureMessages;
    }

    /** The highest id the server gave out (rows deleted since included). */
    long highestId() {
        return highestId.get();
    }

    /**
     * How the table differs from the ledger, each difference said: rows missing, rows that came back, values
     * lost; empty when it holds exactly what was acknowledged.
     */
    List<String> differences(Connection c) throws SQLException {
        Map<Long, Expected> found = new java.util.HashMap<>();
        Map<Long, String> displays = new java.util.HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name, balance, display FROM customers")) {
            while (rs.next()) {
                found.put(rs.getLong(1), new Expected(rs.getString(2), rs.getLong(3), null));
                displays.put(rs.getLong(1), rs.getString(4));
            }
        }
        List<String> differences = new ArrayList<>();
        rows.forEach((id, expected) -> {
            Expected there = found.get(id);
            if (there == null) {
                differences.add("row " + id + " missing");
            } else if (!there.name().equals(expected.name()) || there.balance() != expected.balance()) {
                differences.add("row " + id + " holds " + there + ", expected " + expected);
            } else if (expected.display() != null && !Objects.equals(expected.display(), displays.get(id))) {
                differences.add("row " + id + " display " + displays.get(id) + ", new code wrote " + expected.display());
            } else if (expected.display() == null && !Objects.equals("#" + there.name(), displays.get(id))) {
                differences.add("row " + id + " display " + displays.get(id) + ", up gives #" + there.name());
            }
        });
        found.keySet().stream().filter(id -> !rows.containsKey(id)).limit(20)
                .forEach(id -> differences.add("row " + id + " is there, but was deleted"));
        return differences;
    }
}
