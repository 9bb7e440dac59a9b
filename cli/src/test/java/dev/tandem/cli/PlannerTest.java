package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.GateVerdict;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import dev.tandem.TandemStatus;
import dev.tandem.cli.Plan.PlannedMigration;
import dev.tandem.cli.Plan.PlannedStep;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which migrations a plan covers, and what it says about earlier, interrupted runs; no database needed. */
class PlannerTest {

    private static final String V2 = """
            -- tandem:expand
            ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
            ALTER TABLE customers ADD INDEX email (email);
            -- tandem:backfill
            UPDATE customers SET email = 'x' WHERE email IS NULL;
            -- tandem:rollback
            ALTER TABLE customers DROP COLUMN email;
            """;

    private final ScriptFolder scripts = new ScriptFolder()
            .write("V1__customers.sql", "CREATE TABLE customers (id BIGINT PRIMARY KEY);\n")
            .write("V2__email.sql", V2);

    private Plan plan(MigrationStatus... migrations) {
        Dialect dialect = Scripts.dialect();
        return Planner.plan("jdbc:mysql://db/shop", List.of(scripts.location()),
                Scripts.scan(List.of(scripts.location()), dialect), new TandemStatus(List.of(migrations), List.of(), List.of(), List.of()),
                dialect, Planner.Choices.NONE);
    }

    private static MigrationStatus status(String version, MigrationState state, Phase phase, int stepsDone, String failure) {
        return new MigrationStatus(version, "", "", state, true, phase, stepsDone, failure, null, null,
                GateVerdict.opened(), GateVerdict.opened());
    }

    private static List<Boolean> done(PlannedMigration m, Phase phase) {
        return m.phases().get(phase.ordinal()).steps().stream().map(PlannedStep::done).toList();
    }

    @Test
    void aFailedExpandIsPlannedFromTheStepThatFailed() {
        Plan plan = plan(status("1", MigrationState.READY, Phase.EXPAND, 1, null),
                status("2", MigrationState.FAILED, Phase.EXPAND, 1, "Duplicate key name 'email'"));

        assertThat(plan.migrations()).extracting(PlannedMigration::version).as("1 is ready").containsExactly("2");
        PlannedMigration v2 = plan.migrations().get(0);
        assertThat(v2.note()).startsWith("failed: expand retries it from the step that failed");
        assertThat(v2.failure()).isEqualTo("Duplicate key name 'email'");
        assertThat(done(v2, Phase.EXPAND)).containsExactly(true, false);
        assertThat(done(v2, Phase.BACKFILL)).containsExactly(false);
        assertThat(v2.phases().get(Phase.CONTRACT.ordinal()).steps()).isEmpty();
    }

    @Test
    void aBackfillInProgressHasItsExpandDone() {
        PlannedMigration v2 = plan(status("2", MigrationState.BACKFILLING, Phase.BACKFILL, 0, null)).migrations().get(0);
        assertThat(v2.note()).startsWith("in progress: expand resumes it");
        assertThat(done(v2, Phase.EXPAND)).containsExactly(true, true);
        assertThat(done(v2, Phase.BACKFILL)).containsExactly(false);
        assertThat(done(v2, Phase.ROLLBACK)).containsExactly(false);
    }

    @Test
    void anInterruptedRollbackIsFinishedFirstAndTheMigrationRunsAnew() {
        PlannedMigration v2 = plan(status("2", MigrationState.ROLLING_BACK, Phase.ROLLBACK, 0, null)).migrations().get(0);
        assertThat(v2.note()).startsWith("its rollback was interrupted: expand finishes the rollback first");
        assertThat(done(v2, Phase.EXPAND)).containsExactly(false, false);
    }

    @Test
    void eachStepHasItsExactSqlAndWhatIsDecidedWhenItRuns() {
        List<PlannedStep> expand = plan(status("2", MigrationState.PENDING, null, 0, null)).migrations().get(0)
                .phases().get(Phase.EXPAND.ordinal()).steps();
        assertThat(expand.get(0).sql()).isEqualTo("ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL");
        assertThat(expand.get(0).runtimeNote()).contains("ALGORITHM=INSTANT");
        assertThat(expand.get(1).number()).isEqualTo(2);
    }
}
