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
import java.util.ArrayList;
import java.util.List;
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
