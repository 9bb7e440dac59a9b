package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.internal.engine.EngineAccess;
import dev.tandem.internal.engine.StepHook;
import dev.tandem.Tandem;
import dev.tandem.spi.Phase;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node dies at every step boundary of a multi-step rollout (expand, backfill and contract of
 * three migrations in all three script forms); the next node must end exactly where an
 * uninterrupted run ends: same schema, same rows, same records.
 */
class CrashRecoveryIT {

    private static final String V1 = """
            CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, amount INT NOT NULL);
            INSERT INTO accounts VALUES (1, 'Ada', 10), (2, 'Grace', 20), (3, 'Edsger', 30);
            CREATE INDEX accounts_name ON accounts (name);
            """;
    private static final String V2 = """
            -- tandem:expand
            ALTER TABLE accounts ADD COLUMN cents BIGINT NULL;
            CREATE TABLE ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, account_id BIGINT NOT NULL, note VARCHAR(50) NOT NULL);
            INSERT INTO ledger (account_id, note) VALUES (1, 'opened');
            -- tandem:backfill
            UPDATE accounts SET cents = amount * 100 WHERE cents IS NULL;
            INSERT INTO ledger (account_id, note) SELECT id, 'migrated' FROM accounts;
            -- tandem:contract
            ALTER TABLE accounts DROP COLUMN amount;
            ALTER TABLE accounts MODIFY cents BIGINT NOT NULL;
            -- tandem:rollback
            DROP TABLE ledger;
            ALTER TABLE accounts DROP COLUMN cents;
            """;
    private static final String V3 = """
            operations:
              - sql:
                  expand: |
                    CREATE TABLE audit (id BIGINT PRIMARY KEY, event VARCHAR(50) NOT NULL);
                    INSERT INTO audit VALUES (1, 'renamed');
                    ALTER TABLE accounts RENAME COLUMN name TO full_name;
                  rollback: |
                    ALTER TABLE accounts RENAME COLUMN full_name TO name;
                    DROP TABLE audit;
                  accept:
                    - {rule: TL102, reason: "the crash test needs a raw rename; no app code runs here"}
            """;
    /** Steps of start() (3 + 3 + 2 + 3) and of contract() (2). */
    private static final int STEPS = 13;

    /** Thrown by the hook: like a kill, it skips all recording that would follow. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String where) {
            super("simulated crash " + where);
        }
    }

    private enum When { BEFORE_STEP, AFTER_STEP_BEFORE_RECORD }

    @ServerTest
    void aNodeKilledAtAnyStepBoundaryIsResumedToTheSameEndState(DatabaseServer server) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-crash-"))
                .write("V1__accounts.sql", V1).write("V2__cents.sql", V2).write("V3__audit.yaml", V3);
        List<String> expected;
        try (TestDatabase reference = TestDatabase.create(server)) {
            runToTheEnd(reference, scripts);
            expected = endState(reference);
        }
        assertThat(expected).as("the reference run did everything").anyMatch(l -> l.contains("full_name"))
                .anyMatch(l -> l.startsWith("record [2, COMPLETED"));

        int crashes = 0;
        for (int step = 0; step < STEPS; step++) {
            for (When when : When.values()) {
                try (TestDatabase db = TestDatabase.create(server)) {
                    crashAt(db, scripts, step, when);
                    runToTheEnd(db, scripts);
                    assertThat(endState(db)).as("after a crash %s global step %d", when, step).isEqualTo(expected);
                    crashes++;
                }
            }
        }
        assertThat(crashes).isEqualTo(2 * STEPS);
    }

    /**
     * A node killed (SIGKILL) while a step's statement runs leaves that statement running: the server ends a
     * session whose client is gone only once its statement is done. The next node must wait for it before it
     * resumes the step, not run the step beside it, where the step's DDL waits for the first one's locks until
     * its retries run out and the migration is recorded FAILED (this node's retry budget is 2 s; the statement
     * left running takes about 10).
     */
    @ServerTest
    void aNodeKilledInALongStepIsResumedOnlyOnceItsStatementIsDone(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-orphan-")).write("V1__accounts.sql", V1)
                .write("V2__audit.sql", "-- tandem:expand\nCREATE TABLE audit AS SELECT 'resumed' AS event, SLEEP(10) AS slept;\n");
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StartingNode.class.getName(),
                db.url(), db.user(), db.password(), scripts.location())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (runningStatements(db) == 0) {
                assertThat(System.nanoTime()).as("the node reached the long step").isLessThan(deadline);
                Thread.sleep(50);
            }
            Thread.sleep(500);
            node.toHandle().destroyForcibly(); // SIGKILL: the node's sockets close, its statement runs on
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            node.destroyForcibly();
        }
        assertThat(runningStatements(db)).as("the killed node's statement still runs on the server").isEqualTo(1);
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("EXPANDING");

        try (Tandem next = Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                .locations(scripts.location()).ddlLockWaitTimeout(Duration.ofSeconds(1))
                .ddlRetryBudget(Duration.ofSeconds(2)).load()) {
            assertThat(next.start().ready()).isTrue();
            assertThat(runningStatements(db)).as("the next node waited for it").isZero();
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("READY");
        assertThat(db.query("SELECT CONCAT(event, ' ', slept) FROM audit")).as("the killed node's statement made the table")
                .containsExactly(List.of("resumed 0"));
    }

    /**
     * The link to the server drops while a DDL step runs (here: the driver's socket timeout), and the server
     * finishes the statement anyway. The step was recorded FAILED, so the next start ran it again as new, and
     * it failed on its own table, for good. Left as a crash leaves it, it is resumed as possibly applied.
     */
    @ServerTest
    void aStepWhoseSessionIsLostIsResumedAsACrashedOneNotFailed(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-lost-")).write("V1__accounts.sql", V1)
                .write("V2__audit.sql", "-- tandem:expand\nCREATE TABLE audit AS SELECT 'resumed' AS event, SLEEP(4) AS slept;\n");
        try (Tandem dropping = Nodes.configure().url(db.url() + "&socketTimeout=1500").user(db.user()).password(db.password())
                .appVersion("2.0.0").locations(scripts.location()).load()) {
            assertThatThrownBy(dropping::start).hasMessageContaining("lost its database session")
                    .hasMessageContaining("the next start() of any node resumes it");
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("EXPANDING");

        try (Tandem next = Nodes.configure().url(db.url()).user(db.user()).password(db.password()).appVersion("2.0.0")
                .locations(scripts.location()).load()) {
            assertThat(next.start().ready()).isTrue();
        }
        assertThat(db.query("SELECT CONCAT(event, ' ', slept) FROM audit")).containsExactly(List.of("resumed 0"));
    }

    /**
     * A phase resumed on a new session: what the steps before set for their session (a user variable, the
     * time zone) is set again before the next step, which was written to find it, instead of a NULL label
     * and a time in the server's zone.
     */
    @ServerTest
    void aSettingOfTheStepsBeforeHoldsWhenAPhaseResumes(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-set-")).write("V1__notes.sql", """
                CREATE TABLE notes (id INT PRIMARY KEY, label VARCHAR(40) NULL, at VARCHAR(40) NULL);
                SET @label = 'set before';
                SET time_zone = '+05:00';
                INSERT INTO notes VALUES (1, @label, CAST(FROM_UNIXTIME(0) AS CHAR));
                """);
        StepHook killer = new StepHook() {
            @Override
            public void beforeStep(String version, Phase phase, int index) {
                if (index == 3) {
                    throw new SimulatedCrash("before the INSERT");
                }
            }
        };
        try (Tandem dying = node(db, scripts, killer)) {
            assertThatThrownBy(dying::start).isInstanceOf(SimulatedCrash.class);
        }
        try (Tandem next = node(db, scripts, new StepHook() { })) {
            assertThat(next.start().ready()).isTrue();
        }
        assertThat(db.query("SELECT label, at FROM notes")).containsExactly(List.of("set before", "1970-01-01 05:00:00"));
    }

    /**
     * A phase resumed past a step that kept a value of its own time for the steps after ({@code SET @cutoff =
     * UTC_TIMESTAMP()}): set again, the value was another, and the steps after acted on it (rows archived with one
     * cutoff, deleted with a later one, were lost). The resume is refused, naming the step, and nothing runs.
     */
    @ServerTest
    void aPhaseIsNotResumedPastAStepThatKeptAValueOfItsOwnTime(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-set-")).write("V1__notes.sql", """
                CREATE TABLE notes (id INT PRIMARY KEY, at DATETIME(6) NULL);
                SET @cutoff = UTC_TIMESTAMP(6);
                INSERT INTO notes VALUES (1, @cutoff);
                """);
        StepHook killer = new StepHook() {
            @Override
            public void beforeStep(String version, Phase phase, int index) {
                if (index == 2) {
                    throw new SimulatedCrash("before the INSERT");
                }
            }
        };
        try (Tandem dying = node(db, scripts, killer)) {
            assertThatThrownBy(dying::start).isInstanceOf(SimulatedCrash.class);
        }
        try (Tandem next = node(db, scripts, new StepHook() { })) {
            assertThatThrownBy(next::start).hasMessageContaining("V1__notes.sql line 2")
                    .hasMessageContaining("kept for its session a value of the time it ran")
                    .hasMessageContaining("Nothing ran");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM notes")).isEqualTo(0L);
    }

    /**
     * A migration rolled back and applied again, its new backfill killed as it begins (before it discarded the
     * first one's checkpoint): resumed, it took that checkpoint, verified to the table's last key, for its own
     * and filled nothing. Its verification counted the rows left NULL as the new code's NULLs: READY, every row's
     * new column empty. A new expand now forgets the checkpoints of the migration's earlier backfills.
     */
    @ServerTest
    void aBackfillAppliedAgainAfterARollbackDoesNotGoOnFromTheFirstOnesCheckpoint(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-again-")).write("V1__notes.sql", """
                CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(20) NOT NULL);
                INSERT INTO notes SELECT a.n * 100 + b.n * 10 + c.n + 1, CONCAT('note ', a.n, b.n, c.n)
                  FROM (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL
                        SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,
                       (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL
                        SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b,
                       (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL
                        SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c;
                """).write("V2__shout.yaml", "operations:\n  - add_column: {table: notes, column: shout, type: VARCHAR(30),"
                + " up: 'UPPER(body)', strategy: in_place}\n");
        try (Tandem first = node(db, scripts, new StepHook() { })) {
            assertThat(first.start().ready()).isTrue();
        }
        try (Tandem rollingBack = node(db, scripts, new StepHook() { })) {
            rollingBack.rollback("2");
        }
        StepHook killer = new StepHook() {
            @Override
            public void beforeStep(String version, Phase phase, int index) {
                if (version.equals("2") && phase == Phase.BACKFILL) {
                    throw new SimulatedCrash("as the backfill begins");
                }
            }
        };
        try (Tandem dying = node(db, scripts, killer)) {
            assertThatThrownBy(dying::start).isInstanceOf(SimulatedCrash.class);
        }
        try (Tandem next = node(db, scripts, new StepHook() { })) {
            assertThat(next.start().ready()).isTrue();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM notes WHERE shout IS NULL")).as("rows left unfilled").isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM notes WHERE shout = UPPER(body)")).isEqualTo(1000L);
    }

    /**
     * A node whose migration lock's session is lost (here: killed) while it works on goes on with its steps;
     * the next node takes the free lock and finds the phase as a crash leaves it. It must wait for the first
     * node's steps, and then run nothing: they moved on meanwhile. Run beside them, its resumed step ran first
     * and the first node's failed on what it had made ("Duplicate column"), recording FAILED a migration that
     * was READY.
     */
    @ServerTest
    void aNodeWhoseLockWasLostIsNotJoinedInItsSteps(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-lost-lock-")).write("V1__accounts.sql", V1);
        try (Tandem earlier = node(db, scripts, new StepHook() { })) {
            earlier.start();
        }
        scripts.write("V2__cents.sql", "-- tandem:expand\nALTER TABLE accounts ADD COLUMN cents BIGINT NULL;\n");
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        StepHook holding = new StepHook() {
            @Override
            public void beforeStep(String version, Phase phase, int index) {
                if (version.equals("2")) {
                    inStep.countDown();
                    try {
                        goOn.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (Tandem first = node(db, scripts, holding); Tandem next = node(db, scripts, new StepHook() { })) {
            CompletableFuture<Boolean> firstStart = CompletableFuture.supplyAsync(() -> first.start().ready());
            assertThat(inStep.await(60, TimeUnit.SECONDS)).isTrue();
            db.execute("KILL " + db.queryValue("SELECT IS_USED_LOCK(CONCAT('tandem:', DATABASE()))"));
            CompletableFuture<Boolean> nextStart = CompletableFuture.supplyAsync(() -> next.start().ready());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!nextStart.isDone() && db.query("SELECT id FROM information_schema.processlist WHERE id <> CONNECTION_ID()"
                    + " AND info LIKE '%GET_LOCK(%:steps:2%'").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            goOn.countDown();
            assertThat(firstStart.get(60, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> nextStart.get(60, TimeUnit.SECONDS)).hasMessageContaining(
                    "another node ran its steps meanwhile").hasMessageContaining("Nothing was run here");
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("READY");
        assertThat(db.describeSchema()).anyMatch(line -> line.contains("cents"));
    }

    /**
     * A node whose migration lock's session ends between two steps (a DBA's KILL, pt-kill of sleeping connections):
     * it went on with its steps while another node could take the free lock and run its own phases beside them (a
     * contract dropping a column a copy begun here names). It stops before its next step, left as a crash leaves
     * it, and the next start resumes there.
     */
    @ServerTest
    void aNodeThatLostItsLockStopsBeforeItsNextStep(TestDatabase db) throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-lost-lock-")).write("V1__accounts.sql", V1);
        try (Tandem earlier = node(db, scripts, new StepHook() { })) {
            earlier.start();
        }
        scripts.write("V2__cents.sql", "ALTER TABLE accounts ADD COLUMN cents BIGINT NULL;\n"
                + "ALTER TABLE accounts ADD COLUMN pence BIGINT NULL;\n");
        StepHook killing = new StepHook() {
            @Override
            public void beforeStep(String version, Phase phase, int index) {
                if (version.equals("2") && index == 0) {
                    try {
                        db.execute("KILL " + db.queryValue("SELECT IS_USED_LOCK(CONCAT('tandem:', DATABASE()))"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        try (Tandem first = node(db, scripts, killing)) {
            assertThatThrownBy(first::start).hasMessageContaining("lost the schema's migration lock before step 2 of 2")
                    .hasMessageContaining("Nothing more ran here");
        }
        assertThat(db.describeSchema()).anyMatch(line -> line.contains("cents")).noneMatch(line -> line.contains("pence"));
        try (Tandem next = node(db, scripts, new StepHook() { })) {
            assertThat(next.start().ready()).isTrue();
        }
        assertThat(db.describeSchema()).anyMatch(line -> line.contains("pence"));
    }

    /** Sessions other than this query's running the long step's statement. */
    private static int runningStatements(TestDatabase db) throws Exception {
        return db.query("SELECT id FROM information_schema.processlist WHERE id <> CONNECTION_ID()"
                + " AND info LIKE '%CREATE TABLE audit%'").size();
    }

    /** A node that starts on {@code args}: url, user, password, script location. */
    public static final class StartingNode {

        private StartingNode() {
        }

        public static void main(String[] args) {
            try (Tandem tandem = Nodes.configure().url(args[0]).user(args[1]).password(args[2]).appVersion("2.0.0")
                    .locations(args[3]).load()) {
                tandem.start();
            }
        }
    }

    /** Runs the rollout until the hook kills it at global step {@code target}. */
    private static void crashAt(TestDatabase db, ScriptDir scripts, int target, When when) {
        AtomicInteger step = new AtomicInteger();
        StepHook killer = new StepHook() {
            @Override
            public void beforeStep(String version, Phase phase, int index) {
                if (when == When.BEFORE_STEP && step.get() == target) {
                    throw new SimulatedCrash("before " + version + " " + phase + " step " + index);
                }
            }

            @Override
            public void afterStep(String version, Phase phase, int index) {
                if (step.getAndIncrement() == target && when == When.AFTER_STEP_BEFORE_RECORD) {
                    throw new SimulatedCrash("after " + version + " " + phase + " step " + index);
                }
            }
        };
        try (Tandem node = node(db, scripts, killer)) {
            assertThatThrownBy(() -> {
                node.start();
                node.contract("2");
            }).isInstanceOf(SimulatedCrash.class);
        }
    }

    private static void runToTheEnd(TestDatabase db, ScriptDir scripts) {
        try (Tandem node = node(db, scripts, new StepHook() { })) {
            node.start();
            node.contract("2");
        }
    }

    private static Tandem node(TestDatabase db, ScriptDir scripts, StepHook hook) {
        return EngineAccess.stepHook(Nodes.configure().url(db.url()).user(db.user()).password(db.password())
                .locations(scripts.location()), hook).load();
    }

    private static List<String> endState(TestDatabase db) throws Exception {
        List<String> state = new ArrayList<>(db.describeSchema());
        for (String table : List.of("accounts", "audit")) {
            Schema.rows(db, table).forEach(row -> state.add(table + " " + row));
        }
        // A statement rolled back by the crash still used up AUTO_INCREMENT values (InnoDB never gives
        // them back), so the ledger is compared by content: every row exactly once, ids aside.
        db.query("SELECT account_id, note FROM ledger ORDER BY account_id, note").forEach(row -> state.add("ledger " + row));
        db.query("SELECT version, state, phase, steps_done, failure FROM tandem_migrations ORDER BY version")
                .forEach(row -> state.add("record " + row));
        db.query("SELECT version, script, checksum, success FROM flyway_schema_history ORDER BY version")
                .forEach(row -> state.add("flyway " + row));
        return state;
    }
}
