package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ContractPolicy;
import dev.tandem.GateRefusedException;
import dev.tandem.IncompatibleSchemaException;
import dev.tandem.InstanceStatus;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.function.Executable;

/** The fleet registry and the gates, with several app instances of two versions. */
class FleetIT {

    private static final String V2 = """
            -- tandem:expand
            ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
            -- tandem:contract
            ALTER TABLE customers DROP COLUMN name;
            -- tandem:rollback
            ALTER TABLE customers DROP COLUMN email;
            """;

    /** Scripts of app v1 (knows V1) and v2 (knows V1 and V2). */
    private static ScriptDir v1() throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-v1-")).write("V1__customers.sql", StartIT.V1);
    }

    private static ScriptDir v2() throws Exception {
        return v1().write("V2__email.sql", V2);
    }

    private static TandemConfiguration node(TestDatabase db, ScriptDir scripts, String appVersion) {
        return Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion(appVersion)
                .locations(scripts.location()).heartbeatInterval(Duration.ofMillis(500)).instanceTtl(Duration.ofSeconds(3));
    }

    private static MigrationStatus migration(Tandem tandem, String version) {
        return tandem.status().migrations().stream().filter(m -> m.version().equals(version)).findFirst().orElseThrow();
    }

    @ServerTest
    void contractWaitsForEveryOldInstanceToLeave(TestDatabase db) throws Exception {
        try (Tandem old1 = node(db, v1(), "1.0.0").load(); Tandem old2 = node(db, v1(), "1.0.1").load();
             Tandem v2 = node(db, v2(), "2.0.0").load()) {
            old1.start();
            old2.start();
            assertThat(v2.start().applied()).containsExactly("2");
            assertThat(v2.status().instances()).extracting(InstanceStatus::appVersion).containsExactly("1.0.0", "1.0.1", "2.0.0");

            assertThatThrownBy(() -> v2.contract("2"))
                    .isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining("Contract of Migration 2 (V2__email.sql) refused")
                    .hasMessageContaining("instance " + old1.instanceId() + " on ")
                    .hasMessageContaining("app 1.0.0, last heartbeat ")
                    .hasMessageContaining("instance " + old2.instanceId() + " on ")
                    .hasMessageContaining("does not know migration 2 (it knows up to 1)");
            assertThat(migration(v2, "2").contractGate().open()).isFalse();
            assertThat(migration(v2, "2").contractGate().reasons()).hasSize(2);
            assertThat(v2.status().toString()).as("the printable status")
                    .contains("3 live instance(s)").contains(old1.instanceId()).contains("closed: instance ")
                    .containsPattern("2 +READY +yes +email");

            old1.close();
            assertThatThrownBy(() -> v2.contract("2")).hasMessageContaining(old2.instanceId())
                    .hasMessageNotContaining(old1.instanceId());
            old2.close();
            assertThat(migration(v2, "2").contractGate().open()).isTrue();
            assertThat(v2.contract("2")).isTrue();
            assertThat(migration(v2, "2").state()).isEqualTo(MigrationState.COMPLETED);
        }
    }

    /**
     * Contracting every READY migration where an old instance still needs the newer one: the older is contracted,
     * and the refusal of the newer says so (it was lost with the list the call would have returned).
     */
    @ServerTest
    void aRefusalOfTheContractOfEveryMigrationNamesThoseContractedBeforeIt(TestDatabase db) throws Exception {
        try (Tandem old = node(db, v1(), "1.0.0").load(); Tandem v2 = node(db, v2(), "2.0.0").load()) {
            old.start();
            assertThat(v2.start().applied()).containsExactly("2");
            assertThatThrownBy(v2::contract).isInstanceOf(GateRefusedException.class)
                    .hasMessageStartingWith("Contracted migration 1; then the contract of Migration 2 (V2__email.sql) refused:")
                    .hasMessageContaining("does not know migration 2 (it knows up to 1)");
            assertThat(migration(v2, "1").state()).isEqualTo(MigrationState.COMPLETED);
            assertThat(migration(v2, "2").state()).isEqualTo(MigrationState.READY);
        }
    }

    @ServerTest
    void anOldAppIsRefusedAfterTheContractButNotAfterAnExpand(TestDatabase db) throws Exception {
        try (Tandem v2 = node(db, v2(), "2.0.0").load()) {
            v2.start();
            try (Tandem old = node(db, v1(), "1.0.0").load()) {
                assertThat(old.start().ready()).as("V2 is only expanded: old code still works").isTrue();
            }
            v2.contract("2");
        }
        try (Tandem old = node(db, v1(), "1.0.0").load()) {
            assertThatThrownBy(old::start)
                    .isInstanceOf(IncompatibleSchemaException.class)
                    .hasMessageContaining("App version 1.0.0 is too old for this database")
                    .hasMessageContaining("migration 2 (V2__email.sql) was contracted at ")
                    .hasMessageContaining("the oldest app version that knows it is 2.0.0");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM tandem_instances")).as("the refused app never registered").isEqualTo(0L);
    }

    @ServerTest
    void rollbackWaitsForEveryNewInstanceToLeaveUnlessForced(TestDatabase db) throws Exception {
        try (Tandem v2 = node(db, v2(), "2.0.0").load(); Tandem operator = node(db, v2(), "2.0.0").load()) {
            v2.start();
            assertThatThrownBy(() -> operator.rollback("2"))
                    .isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining("Rollback of Migration 2 (V2__email.sql) (use force to override) refused")
                    .hasMessageContaining("instance " + v2.instanceId())
                    .hasMessageContaining("knows migration 2 and may use what the rollback removes");
            assertThat(migration(operator, "2").rollbackGate().open()).isFalse();

            v2.close();
            operator.rollback("2");
            assertThat(migration(operator, "2").state()).isEqualTo(MigrationState.ROLLED_BACK);
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = 'customers' AND column_name = 'email'")).isEqualTo(0L);
        }
        try (Tandem v2 = node(db, v2(), "2.0.0").load(); Tandem operator = node(db, v2(), "2.0.0").load()) {
            v2.start();
            operator.rollback("2", true);
            assertThat(migration(operator, "2").state()).isEqualTo(MigrationState.ROLLED_BACK);
            assertFenced(v2, v2.dataSource(), "migration 2 (V2__email.sql) is ROLLED_BACK");
        }
    }

    @ServerTest
    void aNewInstanceCountedDeadWhileARollbackRanIsRefusedItsConnectionsWhenItComesBack(TestDatabase db) throws Throwable {
        try (Tandem v2 = node(db, v2(), "2.0.0").load(); Tandem operator = node(db, v2(), "2.0.0").load()) {
            v2.start();
            DataSource app = v2.dataSource();
            operator.start();

            stallHeartbeats(db, v2, () -> operator.rollback("2"));
            assertFenced(v2, app, "App version 2.0.0 uses migrations that were rolled back while it ran",
                    "migration 2 (V2__email.sql) is ROLLED_BACK, its latest phase run by 2.0.0@",
                    "Stop this instance, or restart it to expand them again");
            // Fenced as soon as a heartbeat read the rollback, maybe while its registry row was still held: it is
            // registered again by its next heartbeat, and stays so.
            assertThat(eventually(Duration.ofSeconds(5), () -> liveIds(db).contains(v2.instanceId())))
                    .as("still registered").isTrue();
            assertThat(operator.isReady()).as("the instance that ran the rollback: its code needs migration 2 too")
                    .isFalse();
            assertFenced(operator, operator.dataSource(), "migration 2 (V2__email.sql) is ROLLED_BACK");
        }
    }

    @ServerTest
    void theContractPolicyAddsAMinimumAgeAndAnAppVersionRule(TestDatabase db) throws Exception {
        try (Tandem old = node(db, v2(), "1.9.0").load();
             Tandem v2 = node(db, v2(), "2.0.0").contractPolicy("2", ContractPolicy.none().minimumAge(Duration.ofHours(1)))
                     .contractPolicy(ContractPolicy.none().appVersionAtLeast("2.0")).load()) {
            old.start();
            v2.start();
            assertThatThrownBy(() -> v2.contract("2")).hasMessageContaining("the contract policy waits PT1H");
        }
        try (Tandem old = node(db, v2(), "1.9.0").load();
             Tandem v2 = node(db, v2(), "2.0.0").contractPolicy(ContractPolicy.none().appVersionAtLeast("2.0")).load()) {
            old.start();
            v2.start();
            assertThatThrownBy(() -> v2.contract("2"))
                    .hasMessageContaining("runs app 1.9.0; the contract policy requires app version 2.0 or newer");
            old.close();
            assertThat(v2.contract("2")).isTrue();
        }
    }

    @ServerTest
    void aKilledOldInstanceBlocksTheContractUntilItsTtlRunsOut(TestDatabase db) throws Exception {
        ScriptDir v1 = v1();
        Process oldNode = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FleetNode.class.getName(),
                db.url(), db.user(), db.password(), v1.location(), "1.0.0")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(oldNode.getInputStream(), StandardCharsets.UTF_8));
             Tandem v2 = node(db, v2(), "2.0.0").load()) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("STARTED ")) {
                // the child's log
            }
            assertThat(line).as("the old node started").startsWith("STARTED ");
            String oldId = line.substring("STARTED ".length());
            v2.start();
            assertThatThrownBy(() -> v2.contract("2")).hasMessageContaining(oldId);

            oldNode.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no deregistration
            assertThat(oldNode.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long killed = System.nanoTime();
            assertThatThrownBy(() -> v2.contract("2")).as("still within its TTL").hasMessageContaining(oldId);

            assertThat(eventually(Duration.ofSeconds(15), () -> migration(v2, "2").contractGate().open())).isTrue();
            long waited = (System.nanoTime() - killed) / 1_000_000;
            assertThat(waited).as("the gate opened only after the TTL (3 s) since the last heartbeat").isGreaterThan(1500);
            assertThat(v2.contract("2")).isTrue();
        } finally {
            oldNode.destroyForcibly();
        }
    }

    /**
     * An old instance told to stop (SIGTERM) still serves while it drains its requests (a graceful shutdown, as
     * Spring's, or a load balancer still sending for a few seconds). Tandem's shutdown hook took it out of the
     * registry at once, so a contract could drop the column its draining requests read. It now heartbeats until
     * its JVM stops; then its row expires after its TTL.
     */
    @ServerTest
    void anOldInstanceDrainingAfterItWasToldToStopHoldsTheContractUntilItIsGone(TestDatabase db) throws Exception {
        ScriptDir v1 = v1();
        Process oldNode = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FleetNode.class.getName(),
                db.url(), db.user(), db.password(), v1.location(), "1.0.0", "4000")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(oldNode.getInputStream(), StandardCharsets.UTF_8));
             Tandem v2 = node(db, v2(), "2.0.0").load()) {
            String oldId = lineStartingWith(out, "STARTED ").substring("STARTED ".length());
            v2.start();

            // SIGTERM: the shutdown hooks run, the application's drains for 4 s. Through the handle, since
            // Process.destroy() also closes the streams the child's output is read from.
            oldNode.toHandle().destroy();
            lineStartingWith(out, "DRAINING");
            Thread.sleep(1_500); // Tandem's own hook ran meanwhile; the TTL (3 s) has not passed
            assertThatThrownBy(() -> v2.contract("2")).as("while it drains").isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining(oldId);
            assertThat(lineStartingWith(out, "DRAINED ")).as("none of its reads failed while it drained").isEqualTo("DRAINED 0");
            assertThat(oldNode.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(eventually(Duration.ofSeconds(15), () -> migration(v2, "2").contractGate().open()))
                    .as("its row expires after its TTL").isTrue();
            assertThat(v2.contract("2")).isTrue();
        } finally {
            oldNode.destroyForcibly();
        }
    }

    /** Reads the child's output up to the first line that starts with {@code prefix}, and returns it. */
    private static String lineStartingWith(BufferedReader out, String prefix) throws Exception {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(prefix)) {
            // the child's log
        }
        assertThat(line).as("the child said %s", prefix).isNotNull();
        return line;
    }

    @ServerTest
    void heartbeatsSurviveKilledConnectionsAndAnExpiredInstanceRegistersAgain(TestDatabase db) throws Exception {
        try (Tandem node = node(db, v1(), "1.0.0").load()) {
            node.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int killed = 0;
            while (System.nanoTime() < deadline) {
                killed += killConnectionsOf(db, db.user());
                Thread.sleep(300);
            }
            assertThat(killed).as("connections of the node were killed").isPositive();
            assertThat(eventually(Duration.ofSeconds(5), () -> liveIds(db).contains(node.instanceId())))
                    .as("still registered and alive after 5 s of killed connections (TTL 3 s)").isTrue();

            db.execute("DELETE FROM tandem_instances");
            assertThat(eventually(Duration.ofSeconds(5), () -> liveIds(db).contains(node.instanceId())))
                    .as("registered again by its next heartbeat").isTrue();
        }
        assertThat(liveIds(db)).as("close() deregisters").isEmpty();
    }

    /** An instanceTtl under a second was kept as 0 s: the instance never counted live, and no gate waited for it. */
    @ServerTest
    void anInstanceTtlOfLessThanASecondCountsTheInstanceLive(TestDatabase db) throws Exception {
        try (Tandem node = Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("1.0.0")
                .locations(v1().location()).heartbeatInterval(Duration.ofMillis(400)).instanceTtl(Duration.ofMillis(900)).load()) {
            node.start();
            assertThat(db.queryValue("SELECT ttl_seconds FROM tandem_instances WHERE instance_id = '" + node.instanceId() + "'"))
                    .isEqualTo(1);
            assertThat(node.status().instances()).extracting(InstanceStatus::id).containsExactly(node.instanceId());
        }
    }

    /**
     * A fleet registry dropped while instances run: the gates read it as an empty fleet, and the contract dropped
     * the column under the running v1 instance. Refused while it is missing; an instance's start makes it again,
     * and the running instances register again at their next heartbeat, the v1 one holding the contract.
     */
    @ServerTest
    void aDroppedFleetRegistryOpensNoGate(TestDatabase db) throws Exception {
        try (Tandem old = node(db, v1(), "1.0.0").load(); Tandem v2 = node(db, v2(), "2.0.0").load()) {
            old.start();
            assertThat(v2.start().applied()).containsExactly("2");
            db.execute("DROP TABLE tandem_instances");

            assertThatThrownBy(() -> v2.contract("2")).hasMessageContaining("The fleet registry tandem_instances is missing");
            assertThat(db.query("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = 'customers' AND column_name = 'name'")).as("not contracted").containsExactly(List.of(1L));
            assertThat(v2.status().missingTables()).containsExactly("tandem_instances");
            assertThat(v2.status().instances()).isEmpty();

            try (Tandem another = node(db, v2(), "2.0.0").load()) {
                another.start();
                assertThat(eventually(Duration.ofSeconds(5), () -> liveIds(db).contains(old.instanceId())))
                        .as("the v1 instance registered again").isTrue();
                assertThatThrownBy(() -> v2.contract("2")).isInstanceOf(GateRefusedException.class)
                        .hasMessageContaining("instance " + old.instanceId() + " on ");
            }
        }
    }

    /**
     * A start whose registration failed (here a trigger refuses it) is called again: it registers and beats. It
     * used to find the fleet made by the first try and return, the instance serving with no row in the registry,
     * which no contract gate saw.
     */
    @ServerTest
    void aStartCalledAgainAfterItsRegistrationFailedRegistersAndBeats(TestDatabase db) throws Exception {
        try (Tandem first = node(db, v1(), "1.0.0").load()) {
            first.start();
        }
        db.execute("CREATE TRIGGER refuse_registration BEFORE INSERT ON tandem_instances FOR EACH ROW"
                + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'registration refused'");
        try (Tandem node = node(db, v1(), "1.0.0").load()) {
            assertThatThrownBy(node::start).hasStackTraceContaining("registration refused");
            db.execute("DROP TRIGGER refuse_registration");

            node.start();

            assertThat(liveIds(db)).as("registered by the second start").contains(node.instanceId());
            db.execute("DELETE FROM tandem_instances");
            assertThat(eventually(Duration.ofSeconds(5), () -> liveIds(db).contains(node.instanceId())))
                    .as("its heartbeat runs: registered again").isTrue();
        }
    }

    @ServerTest
    void anOldInstanceCountedDeadWhileAContractRanIsRefusedItsConnectionsWhenItComesBack(TestDatabase db) throws Throwable {
        try (Tandem old = node(db, v1(), "1.0.0").load(); Tandem v2 = node(db, v2(), "2.0.0").load()) {
            old.start();
            DataSource app = old.dataSource();
            v2.start();

            stallHeartbeats(db, old, () -> { });
            assertThat(eventually(Duration.ofSeconds(5), () -> liveIds(db).contains(old.instanceId()))).as("back").isTrue();
            Thread.sleep(1500); // a few beats past its return, when it looked at what the fleet did meanwhile
            assertThat(countCustomers(app)).as("nothing was contracted meanwhile: it serves on").isEqualTo(2L);
            assertThat(old.isReady()).isTrue();

            stallHeartbeats(db, old, () -> assertThat(v2.contract("2")).as("its gate counted the old instance dead").isTrue());
            assertFenced(old, app, "App version 1.0.0 is too old for this database",
                    "migration 2 (V2__email.sql) was contracted at ");
            assertThat(liveIds(db)).as("still registered, so no contract it does not know runs while it lives")
                    .contains(old.instanceId());
            assertThat(countCustomers(v2.dataSource())).as("the new version's connections are not refused").isEqualTo(2L);
        }
    }

    /**
     * {@code node} is fenced within a few heartbeats: no longer ready, and its application connections
     * ({@code app}) refused with a message that holds every one of {@code messages}.
     */
    private static void assertFenced(Tandem node, DataSource app, String... messages) throws InterruptedException {
        assertThat(eventually(Duration.ofSeconds(5), () -> !node.isReady())).as("no longer ready").isTrue();
        var refused = assertThatThrownBy(() -> countCustomers(app)).isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessageContaining("Instance " + node.instanceId() + " can no longer serve")
                .hasMessageContaining("Until it is restarted, Tandem refuses this instance's application connections");
        for (String message : messages) {
            refused.hasMessageContaining(message);
        }
    }

    /** The rows of customers, counted through {@code app}. */
    private static long countCustomers(DataSource app) throws java.sql.SQLException {
        try (Connection c = app.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Stalls {@code node}'s heartbeats, as a long GC pause or a frozen VM would, by holding its registry row
     * locked until the gates count it dead; runs {@code meanwhile}, then lets the heartbeats go on.
     */
    private static void stallHeartbeats(TestDatabase db, Tandem node, Executable meanwhile) throws Throwable {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM tandem_instances WHERE instance_id = ? FOR UPDATE")) {
                s.setString(1, node.instanceId());
                s.executeQuery().close();
            }
            assertThat(eventually(Duration.ofSeconds(8), () -> !liveIds(db).contains(node.instanceId())))
                    .as("counted dead").isTrue();
            meanwhile.execute();
            c.commit();
        }
    }

    @ServerTest
    void autoContractContractsSoonAfterTheLastOldInstanceLeaves(TestDatabase db) throws Exception {
        try (Tandem old = node(db, v1(), "1.0.0").load();
             Tandem v2 = node(db, v2(), "2.0.0").autoContract(Duration.ofMillis(500)).load();
             Tandem v2b = node(db, v2(), "2.0.0").autoContract(Duration.ofMillis(500)).load()) {
            old.start();
            v2.start();
            v2b.start();
            Thread.sleep(2000);
            assertThat(migration(v2, "2").state()).as("held back while v1 lives").isEqualTo(MigrationState.READY);
            old.close();
            assertThat(eventually(Duration.ofSeconds(10), () -> migration(v2, "2").state() == MigrationState.COMPLETED)).isTrue();
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = 'customers' AND column_name = 'name'")).isEqualTo(0L);
        }
    }

    /** Kills every session of {@code user} on the database except the caller's own; returns how many. */
    private static int killConnectionsOf(TestDatabase db, String user) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM information_schema.processlist WHERE db = DATABASE()"
                    + " AND id <> CONNECTION_ID() AND user = '" + user + "'")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                try {
                    s.execute("KILL CONNECTION " + id);
                } catch (java.sql.SQLException gone) {
                    // ended by itself meanwhile
                }
            }
        }
        return ids.size();
    }

    private static List<String> liveIds(TestDatabase db) {
        try {
            return db.query("SELECT instance_id FROM tandem_instances WHERE heartbeat_at >= UTC_TIMESTAMP(3) - INTERVAL ttl_seconds SECOND")
                    .stream().map(r -> (String) r.get(0)).toList();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }

    /**
     * An app instance in a JVM of its own: starts, prints its instance id, and waits to be killed. With a sixth
     * argument, told to stop (SIGTERM) it drains for that many milliseconds, as a graceful shutdown serves the
     * requests under way: reads {@code customers.name} through Tandem's pool meanwhile, printing DRAINING, then
     * DRAINED with the reads that failed.
     */
    public static final class FleetNode {

        private FleetNode() {
        }

        public static void main(String[] args) throws Exception {
            Tandem tandem = Nodes.configure().url(args[0]).user(args[1]).password(args[2]).locations(args[3])
                    .appVersion(args[4]).heartbeatInterval(Duration.ofMillis(500)).instanceTtl(Duration.ofSeconds(3)).load();
            tandem.start();
            if (args.length > 5) {
                long drainMillis = Long.parseLong(args[5]);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> drain(tandem.dataSource(), drainMillis)));
            }
            System.out.println("STARTED " + tandem.instanceId());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }

        private static void drain(DataSource app, long millis) {
            System.out.println("DRAINING");
            System.out.flush();
            int failed = 0;
            for (long end = System.nanoTime() + millis * 1_000_000; System.nanoTime() < end; ) {
                try (Connection c = app.getConnection(); Statement s = c.createStatement()) {
                    s.executeQuery("SELECT name FROM customers LIMIT 1").close();
                    Thread.sleep(50);
                } catch (Exception e) {
                    failed++;
                }
            }
            System.out.println("DRAINED " + failed);
            System.out.flush();
        }
    }
}
