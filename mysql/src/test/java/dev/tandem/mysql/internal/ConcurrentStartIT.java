package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.StartResult;
import dev.tandem.Tandem;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Eight nodes (separate Tandem objects and pools) call start() at the same moment. */
class ConcurrentStartIT {

    private static final int NODES = 8;

    @ServerTest
    void everyStepRunsExactlyOnceAndEveryNodeStarts(TestDatabase db) throws Exception {
        // Each statement would fail (DDL) or leave a second row (DML) if it ran twice.
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-concurrent-"))
                .write("V1__runs.sql", """
                        CREATE TABLE runs (step VARCHAR(20) PRIMARY KEY, at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6));
                        INSERT INTO runs (step) VALUES ('v1');
                        """)
                .write("V2__more.sql", """
                        -- tandem:expand
                        ALTER TABLE runs ADD COLUMN node VARCHAR(20) NULL;
                        INSERT INTO runs (step) VALUES ('v2-expand');
                        -- tandem:backfill
                        INSERT INTO runs (step) VALUES ('v2-backfill');
                        """)
                .write("V3__yaml.yaml", """
                        operations:
                          - sql:
                              expand: INSERT INTO runs (step) VALUES ('v3')
                        """);
        CapturedLog log = CapturedLog.start();
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        List<Tandem> nodes = new ArrayList<>();
        try (log) {
            CyclicBarrier together = new CyclicBarrier(NODES);
            List<Future<StartResult>> results = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                Tandem node = Nodes.tandem(db, scripts);
                nodes.add(node);
                results.add(pool.submit(() -> {
                    together.await();
                    return node.start();
                }));
            }
            List<String> appliedByAll = new ArrayList<>();
            for (Future<StartResult> result : results) {
                StartResult started = result.get(2, TimeUnit.MINUTES);
                assertThat(started.ready()).isTrue();
                appliedByAll.addAll(started.applied());
            }

            // A backfill runs under its own lock, so the node that backfills 2 may not be the one that
            // expanded it: 2 may be named by two nodes; the runs table shows each step ran once.
            assertThat(appliedByAll).as("the nodes applied everything").containsOnly("1", "2", "3")
                    .containsOnlyOnce("1", "3");
            assertThat(db.query("SELECT step FROM runs ORDER BY at, step"))
                    .containsExactly(List.of("v1"), List.of("v2-expand"), List.of("v2-backfill"), List.of("v3"));
            assertThat(db.queryValue("SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL")).isEqualTo(3L);
            assertThat(nodes).allMatch(Tandem::isReady);
            assertThat(log.events()).as("no node logged a warning or an error")
                    .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    // the scripts' INSERTs into an existing table in expand are lint warnings (TL210), by design
                    .filteredOn(e -> !e.getFormattedMessage().startsWith("Lint findings"))
                    // with the copy forced, a copy under innodb_autoinc_lock_mode 1 (MariaDB's) warns, by design
                    .filteredOn(e -> !e.getFormattedMessage().contains("under innodb_autoinc_lock_mode"))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        } finally {
            pool.shutdownNow();
            nodes.forEach(Tandem::close);
        }
    }
}
