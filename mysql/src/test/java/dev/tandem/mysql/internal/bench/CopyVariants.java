package dev.tandem.mysql.internal.bench;

import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Scratch: how fast each form of a chunked copy runs. */
public final class CopyVariants {
    static final String UP = "CONCAT(UPPER(name), ' <', email, '>')";

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        System.setProperty("tandem.test.serverProfile", "durable");
        try {
            for (DatabaseServer server : TestServers.configured()) {
                TestServers.started(server);
                try (TestDatabase db = TestDatabase.create(server)) {
                    db.execute("CREATE TABLE digits (d INT PRIMARY KEY)", "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
                            "CREATE TABLE base (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, email VARCHAR(40) NOT NULL, amount INT NOT NULL)");
                    db.execute("INSERT INTO base SELECT n, CONCAT('customer ', n), CONCAT('c', n, '@example.com'), n % 100000"
                            + " FROM (SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d"
                            + " AS n FROM digits a, digits b, digits c, digits e, digits f, digits g) x WHERE n <= " + rows);
                    String[][] variants = {
                            {"ptosc-like null", "INSERT IGNORE INTO cp (id,name,email,amount) SELECT id,name,email,amount FROM base FORCE INDEX(PRIMARY) WHERE id > ? AND id <= ? LOCK IN SHARE MODE", "1"},
                            {"computed ignore", "INSERT IGNORE INTO cp (id,name,email,amount,display) SELECT id,name,email,amount," + UP + " FROM base FORCE INDEX(PRIMARY) WHERE id > ? AND id <= ? LOCK IN SHARE MODE", "1"},
                            {"computed odku", "INSERT INTO cp (id,name,email,amount,display) SELECT id,name,email,amount," + UP + " FROM base FORCE INDEX(PRIMARY) WHERE id > ? AND id <= ? LOCK IN SHARE MODE ON DUPLICATE KEY UPDATE cp.id=cp.id", "1"},
                            {"odku + lock scan", "LOCK+INSERT INTO cp (id,name,email,amount,display) SELECT id,name,email,amount," + UP + " FROM base FORCE INDEX(PRIMARY) WHERE id > ? AND id <= ? LOCK IN SHARE MODE ON DUPLICATE KEY UPDATE cp.id=cp.id", "1"},
                            {"odku 2 threads", "INSERT INTO cp (id,name,email,amount,display) SELECT id,name,email,amount," + UP + " FROM base FORCE INDEX(PRIMARY) WHERE id > ? AND id <= ? LOCK IN SHARE MODE ON DUPLICATE KEY UPDATE cp.id=cp.id", "2"},
                            {"odku 3 threads", "INSERT INTO cp (id,name,email,amount,display) SELECT id,name,email,amount," + UP + " FROM base FORCE INDEX(PRIMARY) WHERE id > ? AND id <= ? LOCK IN SHARE MODE ON DUPLICATE KEY UPDATE cp.id=cp.id", "3"},
                            {"checksum both (verify)", "VERIFY", "1"},
                            {"checksum both 2 threads", "VERIFY", "2"},
                    };
                    for (String[] v : variants) {
                        db.execute("DROP TABLE IF EXISTS cp", "CREATE TABLE cp LIKE base", "ALTER TABLE cp ADD COLUMN display VARCHAR(200) NULL");
                        if (v[1].equals("VERIFY")) {
                            db.execute("INSERT INTO cp SELECT id,name,email,amount," + UP + " FROM base");
                        }
                        db.execute("RESET MASTER");
                        int threads = Integer.parseInt(v[2]);
                        int chunk = 35_000;
                        AtomicLong next = new AtomicLong(0);
                        long started = System.nanoTime();
                        List<Thread> ts = new ArrayList<>();
                        for (int i = 0; i < threads; i++) {
                            Thread t = new Thread(() -> {
                                try (Connection c = db.connection(); Statement s = c.createStatement()) {
                                    c.setAutoCommit(false);
                                    while (true) {
                                        long a = next.getAndAdd(chunk);
                                        if (a >= rows) break;
                                        long b = a + chunk;
                                        if (v[1].equals("VERIFY")) {
                                            for (String tbl : new String[] {"base", "cp"}) {
                                                String col = tbl.equals("base") ? UP : "display";
                                                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), BIT_XOR(CAST(CONV(SUBSTRING(MD5(CONCAT_WS('#',id,name,email,amount," + col + ")),1,16),16,10) AS UNSIGNED)) FROM " + tbl + " FORCE INDEX(PRIMARY) WHERE id > " + a + " AND id <= " + b)) { rs.next(); }
                                            }
                                        } else {
                                            String sql = v[1];
                                            if (sql.startsWith("LOCK+")) {
                                                try (ResultSet rs = s.executeQuery("SELECT COUNT(display) FROM cp WHERE 0=1")) { rs.next(); }
                                                try (ResultSet rs = s.executeQuery("SELECT COUNT(name) FROM base FORCE INDEX(PRIMARY) WHERE id > " + a + " AND id <= " + b + " LOCK IN SHARE MODE")) { rs.next(); }
                                                sql = sql.substring(5);
                                            }
                                            try (ResultSet rs = s.executeQuery("SELECT id FROM base FORCE INDEX(PRIMARY) WHERE id > " + a + " ORDER BY id LIMIT " + (chunk - 1) + ", 1")) { rs.next(); }
                                            s.executeUpdate(sql.replaceFirst("\\?", Long.toString(a)).replaceFirst("\\?", Long.toString(b)));
                                        }
                                        c.commit();
                                    }
                                } catch (Exception e) {
                                    throw new RuntimeException(e);
                                }
                            });
                            ts.add(t);
                            t.start();
                        }
                        for (Thread t : ts) t.join();
                        System.out.printf("%s %s: %.2f s%n", server.label(), v[0], (System.nanoTime() - started) / 1e9);
                    }
                }
            }
        } finally {
            TestServers.stopAll();
        }
    }
}
