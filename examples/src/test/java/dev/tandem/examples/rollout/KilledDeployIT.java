package dev.tandem.examples.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.internal.engine.EngineAccess;
import dev.tandem.internal.engine.StepHook;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.testing.ServerTest;
import dev.tandem.spi.Phase;
import dev.tandem.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The v2 deploy's first node, in a JVM of its own, SIGKILLed in the middle of its expand and in the
 * middle of its backfill: the next v2 node resumes, and after the contract the database equals that
 * of an uninterrupted deploy, row for row.
 */
class KilledDeployIT {

    private static final int ROWS = 20_000;
    private static final String MARKER = "TANDEM-TEST: stopped here";

    /** A v2 node that stops (and says so) before expand step {@code args[3]}, or after {@code args[4]} backfill chunks. */
    public static final class StoppingNode {

        private StoppingNode() {
        }

        public static void main(String[] args) throws Exception {
            int expandStep = Integer.parseInt(args[3]);
            int backfillChunks = Integer.parseInt(args[4]);
            AtomicInteger chunks = new AtomicInteger();
            TandemConfiguration config = EngineAccess.stepHook(v2(args[0], args[1], args[2]), new StepHook() {
                @Override
                public void beforeStep(String version, Phase phase, int index) {
                    if (phase == Phase.EXPAND && version.equals("2") && index == expandStep) {
                        stopHere();
                    }
                }
            }).throttle(() -> {
                if (chunks.incrementAndGet() == backfillChunks) {
                    stopHere();
                }
                return Optional.empty();
            });
            try (Tandem tandem = config.load()) {
                tandem.start();
            }
        }

        private static void stopHere() {
            System.out.println(MARKER);
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE); // until the test kills this JVM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static TandemConfiguration v2(String url, String user, String password) {
        return new RollingDeploy.Database("the test database", () -> Tandem.configure().url(url).user(user).password(password))
                .configure().appVersion(RollingDeploy.V2.appVersion()).locations(RollingDeploy.V2.locations().toArray(String[]::new));
    }

    @ServerTest
    void aNodeKilledDuringItsExpandIsResumedByTheNext(TestDatabase db) throws Exception {
        killAndResume(db, 3, -1);
    }

    @ServerTest
    void aNodeKilledDuringItsBackfillIsResumedByTheNext(TestDatabase db) throws Exception {
        killAndResume(db, -1, 4);
    }

    private static void killAndResume(TestDatabase db, int expandStep, int backfillChunks) throws Exception {
        seed(db);
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoppingNode.class.getName(),
                db.url(), db.user(), db.password(), String.valueOf(expandStep), String.valueOf(backfillChunks))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains(MARKER)) {
                // the node's log; the marker says it reached the point to be killed at
            }
            assertThat(line).as("the node reached the point to kill it at").isNotNull();
            node.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            node.destroyForcibly();
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'"))
                .isEqualTo(expandStep >= 0 ? "EXPANDING" : "BACKFILLING");

        deployAndContract(db);
        try (TestDatabase reference = TestDatabase.create(db.server())) {
            seed(reference);
            deployAndContract(reference);
            assertThat(db.describeSchema()).isEqualTo(reference.describeSchema());
            assertThat(db.query("SELECT * FROM customers ORDER BY id")).isEqualTo(reference.query("SELECT * FROM customers ORDER BY id"));
        }
        assertThat(db.query("SELECT DISTINCT state FROM tandem_migrations")).containsExactly(List.of("COMPLETED"));
    }

    private static void seed(TestDatabase db) throws Exception {
        RollingDeploy.seed(RollingDeploy.Database.ofTestBed(db), ROWS, new Ledger());
    }

    /** The v2 deploy (resuming what a killed node left) and v3's contract. */
    private static void deployAndContract(TestDatabase db) {
        try (Tandem v2 = v2(db.url(), db.user(), db.password()).load()) {
            assertThat(v2.start().ready()).isTrue();
            assertThat(v2.contract()).containsExactly("1", "2", "3", "4", "5", "6");
        }
    }
}
