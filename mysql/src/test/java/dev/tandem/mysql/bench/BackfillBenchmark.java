package dev.tandem.mysql.bench;

import dev.tandem.Tandem;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Filling a new column on a table of N rows (default 1,000,000 of about 80 bytes), each way on its own
 * identical table, in one run on the same server:
 * <ul>
 *   <li>one {@code UPDATE t SET c = up(row)} (one huge transaction);</li>
 *   <li>a hand-written loop of {@code UPDATE ... WHERE id > a AND id <= a + 10000}, autocommit;</li>
 *   <li>the same loop with 1,000-row chunks;</li>
 *   <li>Tandem: an {@code add_column} migration (expand with sync triggers, then the chunked,
 *       checkpointed, verified backfill), timed from start() to ready.</li>
 * </ul>
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl mysql exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tandem.mysql.bench.BackfillBenchmark} (optional {@code -Dexec.args="<rows>"}).
 */
public final class BackfillBenchmark {

    private static final String UP = "CONCAT(UPPER(name), ' <', email, '>')";

    private BackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("Filling a new column on %,d rows; rows/s (higher is better)%n", rows);
        System.out.println("| server | one UPDATE | loop, 10k chunks | loop, 1k chunks | Tandem backfill | Tandem / best loop |");
        System.out.println("|---|---|---|---|---|---|");
        try {
            for (DatabaseServer server : TestServers.configured()) {
                TestServers.started(server);
                try (TestDatabase db = TestDatabase.create(server)) {
                    for (String table : new String[] {"t_single", "t_loop10k", "t_loop1k", "t_tandem"}) {
                        create(db, table, rows);
                    }
                    double single = rows / seconds(() -> db.execute("ALTER TABLE t_single ADD COLUMN display VARCHAR(200) NULL",
                            "UPDATE t_single SET display = " + UP));
                    double loop10k = rows / seconds(() -> loop(db, "t_loop10k", rows, 10_000));
                    double loop1k = rows / seconds(() -> loop(db, "t_loop1k", rows, 1_000));
                    double tandem = rows / seconds(() -> tandem(db));
                    System.out.printf("| %s | %,.0f | %,.0f | %,.0f | %,.0f | %.2f |%n", server.label(), single, loop10k, loop1k,
                            tandem, tandem / Math.max(loop10k, loop1k));
                }
            }
        } finally {
            TestServers.stopAll();
        }
    }

    private static void create(TestDatabase db, String table, int rows) throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS digits (d INT PRIMARY KEY)",
                "INSERT IGNORE INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
                "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, email VARCHAR(40) NOT NULL)",
                "INSERT INTO " + table + " SELECT n, CONCAT('customer ', n), CONCAT('c', n, '@example.com') FROM (SELECT"
                        + " 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d + 1000000 * h.d AS n"
                        + " FROM digits a, digits b, digits c, digits e, digits f, digits g, digits h) x WHERE n <= " + rows);
    }

    private static void loop(TestDatabase db, String table, int rows, int chunk) throws Exception {
        db.execute("ALTER TABLE " + table + " ADD COLUMN display VARCHAR(200) NULL");
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (long a = 0; a < rows; a += chunk) {
                s.executeUpdate("UPDATE " + table + " SET display = " + UP + " WHERE id > " + a + " AND id <= " + (a + chunk));
            }
        }
    }

    private static void tandem(TestDatabase db) throws Exception {
        Path scripts = Files.createTempDirectory("tandem-bench-");
        Files.writeString(scripts.resolve("V1__display.yaml"), "operations:\n  - add_column: {table: t_tandem, column: display,"
                + " type: VARCHAR(200), up: \"" + UP + "\"}\n");
        try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                .locations("filesystem:" + scripts).load()) {
            tandem.start();
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double seconds(Work work) throws Exception {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e9;
    }
}
