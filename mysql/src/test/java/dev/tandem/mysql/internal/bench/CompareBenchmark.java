package dev.tandem.mysql.internal.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.ComparisonReport;
import dev.tandem.DatabaseComparison;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ReplicaPair;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Comparing a primary with its replica (a table of N rows of about 80 bytes), three ways, side by side
 * in one run on the same pair of servers:
 * <ul>
 *   <li>Tandem's {@link DatabaseComparison} (keyed chunks checksummed on both servers at once);</li>
 *   <li>{@code CHECKSUM TABLE} on both servers at once: the floor for a whole-table answer, which reads
 *       every row once on each side but cannot name a differing row;</li>
 *   <li>{@code pt-table-checksum} (Debian's {@code percona-toolkit}) on the primary, its checksums
 *       replicated and compared on the replica: the tool the issue measures against.</li>
 * </ul>
 * Also the comparison's peak heap growth, to show memory does not grow with the table. Run:
 * {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl mysql exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tandem.mysql.internal.bench.CompareBenchmark -Dexec.args="1000000 mariadb,mysql"}.
 */
public final class CompareBenchmark {

    private static final String PT_TABLE_CHECKSUM = "pt-table-checksum";
    /** How often the heap is sampled while the comparison runs. */
    private static final long HEAP_SAMPLE_MILLIS = 20;

    private CompareBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = Arrays.stream((args.length > 0 ? args[0] : "1000000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<Flavor> flavors = Arrays.stream((args.length > 1 ? args[1] : "mariadb,mysql").split(","))
                .map(f -> Flavor.valueOf(f.strip().toUpperCase(java.util.Locale.ROOT))).toList();
        List<String> report = new ArrayList<>();
        for (Flavor flavor : flavors) {
            try (ReplicaPair pair = ReplicaPair.start(flavor)) {
                for (int rows : sizes) {
                    report.add(measure(pair, rows));
                    System.out.println(report.get(report.size() - 1));
                }
            }
        }
        System.out.println(String.join("\n", report));
        System.exit(0);
    }

    private static String measure(ReplicaPair pair, int rows) throws Exception {
        String database = "cmp" + rows;
        fill(pair.primary(), database, rows);
        awaitRows(pair.replica(), database, rows);
        try (HikariDataSource primary = dataSource(pair.primary(), database);
             HikariDataSource replica = dataSource(pair.replica(), database)) {
            // Warm both buffer pools alike, so no way pays for the first read from disk.
            checksumTable(primary, replica);

            HeapPeak heap = HeapPeak.start();
            long started = System.nanoTime();
            ComparisonReport report = DatabaseComparison.between(primary, replica).tables("t").run();
            double tandem = (System.nanoTime() - started) / 1e9;
            long heapGrowth = heap.stop();
            if (!report.identical()) {
                throw new IllegalStateException("The replica should equal its primary: " + report);
            }

            started = System.nanoTime();
            checksumTable(primary, replica);
            double floor = (System.nanoTime() - started) / 1e9;

            String pt;
            if (PerconaToolkit.installed(PT_TABLE_CHECKSUM)) {
                started = System.nanoTime();
                String failure = ptTableChecksum(pair, database);
                double seconds = (System.nanoTime() - started) / 1e9;
                pt = failure == null ? String.format("%.1f s (%,.0f rows/s); Tandem is %.2fx its rate", seconds,
                        rows / seconds, seconds / tandem) : "failed: " + failure;
            } else {
                pt = PerconaToolkit.NOT_INSTALLED;
            }
            return String.format("%s, %,d rows:%n  Tandem compare     %.1f s (%,.0f rows/s), heap growth %,d KiB%n"
                            + "  CHECKSUM TABLE x2  %.1f s (%,.0f rows/s); Tandem takes %.2fx its time%n"
                            + "  pt-table-checksum  %s",
                    pair.primary().flavor(), rows, tandem, rows / tandem, heapGrowth / 1024, floor, rows / floor,
                    tandem / floor, pt);
        }
    }

    private static void fill(DatabaseServer primary, String database, int rows) throws Exception {
        try (Connection c = primary.adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
            s.execute("CREATE TABLE " + database + ".digits (d INT PRIMARY KEY)");
            s.execute("INSERT INTO " + database + ".digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
            s.execute("CREATE TABLE " + database + ".t (id BIGINT PRIMARY KEY, name VARCHAR(60) NOT NULL,"
                    + " email VARCHAR(80) NOT NULL, amount DECIMAL(10,2) NOT NULL, created DATETIME NOT NULL, note TEXT NULL)");
            int batch = 100_000;
            for (int from = 0; from < rows; from += batch) {
                s.execute("INSERT INTO " + database + ".t SELECT n, CONCAT('customer ', n), CONCAT('c', n, '@example.com'),"
                        + " n % 100000 / 100, '2026-01-01' + INTERVAL n SECOND, IF(n % 7 = 0, NULL, 'note')"
                        + " FROM (SELECT " + from + " + 1 + d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d + 10000 * d5.d AS n"
                        + " FROM " + database + ".digits d1, " + database + ".digits d2, " + database + ".digits d3, "
                        + database + ".digits d4, " + database + ".digits d5) AS numbers WHERE n <= " + Math.min(rows, from + batch));
            }
        }
    }

    private static void awaitRows(DatabaseServer replica, String database, int rows) throws Exception {
        long deadline = System.nanoTime() + 3_600_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = replica.adminConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                         + database + "' AND table_name = 't'")) {
                rs.next();
                if (rs.getInt(1) == 1) {
                    try (ResultSet count = s.executeQuery("SELECT COUNT(*) FROM " + database + ".t")) {
                        count.next();
                        if (count.getLong(1) == rows) {
                            return;
                        }
                    }
                }
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("The replica did not get all rows in time");
    }

    /** CHECKSUM TABLE on both sides at once, as the comparison reads both at once. */
    private static void checksumTable(HikariDataSource primary, HikariDataSource replica) throws Exception {
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> checksum(primary));
        long b = checksum(replica);
        if (a.get() != b) {
            throw new IllegalStateException("CHECKSUM TABLE differs between primary and replica");
        }
    }

    private static long checksum(HikariDataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("CHECKSUM TABLE t")) {
            rs.next();
            return rs.getLong(2);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs pt-table-checksum on the primary for table t, finding the replica by the primary's list; null when it succeeded. */
    private static String ptTableChecksum(ReplicaPair pair, String database) throws Exception {
        DatabaseServer primary = pair.primary();
        String port = primary.jdbcUrl("").replaceFirst("^jdbc:mysql://[^:]+:(\\d+)/.*$", "$1");
        // Perl's DBD::mysql speaks the native password method; MySQL 8's default user may not.
        String identified = primary.flavor() == Flavor.MYSQL ? "IDENTIFIED WITH mysql_native_password BY 'ptcs'"
                : "IDENTIFIED BY 'ptcs'";
        try (Connection c = primary.adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'ptcs'@'127.0.0.1' " + identified);
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'ptcs'@'127.0.0.1'");
        }
        Path log = Files.createTempFile("pt-table-checksum-", ".log");
        Process process = new ProcessBuilder(List.of(PT_TABLE_CHECKSUM, "--databases=" + database, "--tables=t",
                "--replicate=percona.checksums", "--recursion-method=hosts", "--no-check-binlog-format",
                "h=127.0.0.1,P=" + port + ",u=ptcs,p=ptcs"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        // Its exit code is a bit field: 0 means no error, no difference, no skipped chunk.
        return exit == 0 ? null : "exit code " + exit + ": " + output.strip().lines().reduce((x, y) -> y).orElse("");
    }

    private static HikariDataSource dataSource(DatabaseServer server, String database) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(server.jdbcUrl(database));
        ds.setUsername(server.user());
        ds.setPassword(server.password());
        ds.setMaximumPoolSize(4);
        return ds;
    }

    /** The largest heap use seen above what it was at the start, sampled on a daemon thread. */
    private static final class HeapPeak {

        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final long baseline;
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private final Thread sampler;

        private HeapPeak() {
            System.gc();
            baseline = memory.getHeapMemoryUsage().getUsed();
            sampler = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed() - baseline, Math::max);
                    try {
                        Thread.sleep(HEAP_SAMPLE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        static HeapPeak start() {
            return new HeapPeak();
        }

        long stop() throws InterruptedException {
            running = false;
            sampler.join();
            return peak.get();
        }
    }
}
