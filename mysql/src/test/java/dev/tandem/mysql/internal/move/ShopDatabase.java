package dev.tandem.mysql.internal.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A small shop database for the move tests, with what a copy must get right: an AUTO_INCREMENT key, text in
 * two character sets, TIMESTAMP and DATETIME(6), JSON, a BLOB, DECIMAL, DOUBLE and BIT values, a composite
 * primary key, a table with only a unique key, a table with no key at all, and foreign keys with cascades
 * (orders to customers, lines to orders). {@link Writer} changes it all the while, as an application would.
 */
final class ShopDatabase {

    static final int CUSTOMERS = 800;
    static final int ORDERS = 1_600;

    private ShopDatabase() {
    }

    static void create(DataSource source) throws SQLException {
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " nick VARCHAR(40) CHARACTER SET latin1 NULL, created TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))"
                    + " DEFAULT CHARSET = utf8mb4");
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, doc JSON NULL, photo BLOB NULL,"
                    + " amount DECIMAL(12,2) NOT NULL, FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE)");
            s.execute("CREATE TABLE order_lines (order_id BIGINT NOT NULL, line INT NOT NULL, qty INT NOT NULL,"
                    + " PRIMARY KEY (order_id, line), FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE)");
            s.execute("CREATE TABLE tags (code VARCHAR(20) NOT NULL, label VARCHAR(50) NULL, UNIQUE KEY (code))");
            s.execute("CREATE TABLE events (at DATETIME(6) NOT NULL, what VARCHAR(40) NOT NULL)");
            s.execute("CREATE TABLE counters (name VARCHAR(20) PRIMARY KEY, n BIGINT NOT NULL, ratio DOUBLE NULL, flags BIT(8) NULL)");
            insertRows(c);
        }
    }

    private static void insertRows(Connection c) throws SQLException {
        try (PreparedStatement customer = c.prepareStatement("INSERT INTO customers (name, nick) VALUES (?, ?)");
             PreparedStatement order = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?)");
             PreparedStatement line = c.prepareStatement("INSERT INTO order_lines VALUES (?, ?, ?)")) {
            for (int i = 1; i <= CUSTOMERS; i++) {
                customer.setString(1, "Zoë 山田 😀 " + i);
                customer.setString(2, i % 3 == 0 ? null : "Müller " + i);
                customer.addBatch();
            }
            customer.executeBatch();
            for (int i = 1; i <= ORDERS; i++) {
                order.setLong(1, i);
                order.setInt(2, 1 + i % CUSTOMERS);
                order.setString(3, "{\"n\": " + i + ", \"name\": \"Zoë\"}");
                order.setBytes(4, new byte[] {0, (byte) i, (byte) 0xff, '\'', '\\'});
                order.setString(5, i + ".25");
                order.addBatch();
                for (int l = 1; l <= 2; l++) {
                    line.setLong(1, i);
                    line.setInt(2, l);
                    line.setInt(3, l * i);
                    line.addBatch();
                }
            }
            order.executeBatch();
            line.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            StringBuilder tags = new StringBuilder("INSERT INTO tags VALUES ");
            StringBuilder events = new StringBuilder("INSERT INTO events VALUES ");
            for (int i = 1; i <= 300; i++) {
                tags.append(i > 1 ? ", " : "").append("('t").append(i).append("', 'label ").append(i).append("')");
                events.append(i > 1 ? ", " : "").append("('2024-01-01 00:00:00.123456' + INTERVAL ").append(i)
                        .append(" SECOND, 'seed ").append(i).append("')");
            }
            s.execute(tags.toString());
            s.execute(events.toString());
            for (int i = 1; i <= 40; i++) {
                s.execute("INSERT INTO counters VALUES ('c" + i + "', " + i + ", " + (i / 7.0) + ", b'" + Integer.toBinaryString(i) + "')");
            }
        }
    }

    /** An application writing to the shop until stopped: inserts, updates, deletes, cascades. */
    static final class Writer implements AutoCloseable {

        private final AtomicBoolean writing = new AtomicBoolean(true);
        private final AtomicLong writes = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Thread thread;

        Writer(DataSource source) {
            thread = new Thread(() -> write(source), "shop-writer");
            thread.start();
        }

        long writes() {
            return writes.get();
        }

        private void write(DataSource source) {
            long next = ORDERS;
            try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
                for (long i = 1; writing.get(); i++) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long order = ++next;
                    s.execute("INSERT INTO customers (name, nick) VALUES ('new 😀 " + i + "', 'Jürgen')");
                    s.execute("INSERT INTO orders SELECT " + order + ", id, JSON_OBJECT('i', " + i + "), X'00ff" + (i % 10)
                            + "0', 9.99 FROM customers WHERE id >= " + random.nextInt(1, CUSTOMERS) + " ORDER BY id LIMIT 1");
                    s.execute("INSERT INTO order_lines SELECT id, 1, 7 FROM orders WHERE id = " + order);
                    s.execute("UPDATE orders SET amount = amount + 1, doc = JSON_SET(COALESCE(doc, '{}'), '$.u', " + i
                            + ") WHERE id = " + random.nextLong(1, order));
                    s.execute("UPDATE order_lines SET qty = qty + 1 WHERE order_id = " + random.nextLong(1, order));
                    s.execute("UPDATE counters SET n = n + 1, flags = flags ^ 1 WHERE name = 'c" + random.nextInt(1, 41) + "'");
                    s.execute("UPDATE tags SET code = CONCAT('m', code) WHERE code = 't" + random.nextInt(1, 301) + "'");
                    s.execute("INSERT INTO events VALUES (NOW(6), 'write " + i + "')");
                    if (i % 7 == 0) {
                        s.execute("DELETE FROM customers WHERE id = " + random.nextInt(1, CUSTOMERS)); // cascades
                        s.execute("DELETE FROM events WHERE what = 'seed " + (i / 7) + "'");
                    }
                    writes.incrementAndGet();
                    Thread.sleep(3);
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }

        /** Stops writing; fails if a write failed. */
        @Override
        public void close() throws Exception {
            writing.set(false);
            thread.join();
            if (failure.get() != null) {
                throw new AssertionError("the shop's writer failed", failure.get());
            }
        }
    }
}
