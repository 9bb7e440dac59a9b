package dev.tandem.mysql.internal.bench;

import dev.tandem.Tandem;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * {@code Tandem.start()} with nothing pending against {@code Flyway.migrate()} with nothing pending,
 * 100 applied migrations each, on the same server, measured alternately in one run so that machine
 * noise hits both alike. Each measured call is what an application does at startup: configure, load,
 * run, close.
 *
 * <p>Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl mysql exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tandem.mysql.internal.bench.StartupBenchmark} (optional {@code -Dexec.args="100 10 40"}:
 * migrations, warm-up rounds, measured rounds; {@code TANDEM_TEST_SERVERS} picks the servers).
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int migrations = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Path scripts = Files.createTempDirectory("tandem-bench-");
        for (int i = 1; i <= migrations; i++) {
            Files.writeString(scripts.resolve("V" + i + "__table_" + i + ".sql"),
                    "CREATE TABLE t_" + i + " (id BIGINT PRIMARY KEY, name VARCHAR(100));\n"
                            + "INSERT INTO t_" + i + " VALUES (1, 'row');\n");
        }
        String location = "filesystem:" + scripts;
        System.out.printf("start() vs Flyway.migrate(), nothing pending, %d applied migrations, %d warm-up + %d measured rounds%n",
                migrations, warmup, rounds);
        System.out.println("| server | Tandem start() median | p90 | Flyway migrate() median | p90 | Tandem / Flyway (median) |");
        System.out.println("|---|---|---|---|---|---|");
        try {
            for (DatabaseServer server : TestServers.configured()) {
                TestServers.started(server);
                try (TestDatabase tandemDb = TestDatabase.create(server); TestDatabase flywayDb = TestDatabase.create(server)) {
                    tandemStart(tandemDb, location);
                    flyway(flywayDb, location).migrate();
                    List<Long> tandem = new ArrayList<>();
                    List<Long> flyway = new ArrayList<>();
                    for (int round = 0; round < warmup + rounds; round++) {
                        long t = tandemStart(tandemDb, location);
                        long f = time(() -> flyway(flywayDb, location).migrate());
                        if (round >= warmup) {
                            tandem.add(t);
                            flyway.add(f);
                        }
                    }
                    System.out.printf("| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2f |%n", server.label(),
                            ms(percentile(tandem, 50)), ms(percentile(tandem, 90)), ms(percentile(flyway, 50)),
                            ms(percentile(flyway, 90)), (double) percentile(tandem, 50) / percentile(flyway, 50));
                }
            }
        } finally {
            TestServers.stopAll();
        }
    }

    private static long tandemStart(TestDatabase db, String location) {
        return time(() -> {
            try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                    .locations(location).load()) {
                if (!tandem.start().ready()) {
                    throw new IllegalStateException("not ready");
                }
            }
        });
    }

    private static Flyway flyway(TestDatabase db, String location) {
        return Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(location).load();
    }

    private static long time(Runnable body) {
        long started = System.nanoTime();
        body.run();
        return System.nanoTime() - started;
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
