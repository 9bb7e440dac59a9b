package dev.tandem.cli;

import dev.tandem.MigrationStatus;
import dev.tandem.TandemStatus;
import dev.tandem.cli.Plan.PlannedMigration;
import dev.tandem.cli.Plan.PlannedPhase;
import dev.tandem.cli.Plan.PlannedStep;
import dev.tandem.internal.script.Migration;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.Lifecycle;
import dev.tandem.spi.Phase;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.List;

/** Makes the {@link Plan} from the scripts and the database's status; runs nothing. */
final class Planner {

    static final String BUILT_WHEN_IT_RUNS = "built from the live schema when it runs";

    private Planner() {
    }

    /** What a step will choose as it runs, asked of the database as it is now; null when it chooses nothing. */
    @FunctionalInterface
    interface Choices {
        String of(Step step);

        Choices NONE = step -> null;
    }

    static Plan plan(String database, List<String> locations, MigrationCatalog catalog, TandemStatus status,
                     Dialect dialect, Choices choices) {
        List<PlannedMigration> planned = new ArrayList<>();
        for (MigrationStatus migration : status.migrations()) {
            if (!alreadyReady(migration)) {
                catalog.find(migration.version()).ifPresent(script -> planned.add(plan(script, migration, dialect, choices)));
            }
        }
        return new Plan(database, locations, planned, status.missingTables());
    }

    /** Ready for new code, or further: {@code expand} has nothing to do for it, so it is not planned. */
    private static boolean alreadyReady(MigrationStatus m) {
        return lifecycle(m).readyForNewCode();
    }

    private static Lifecycle lifecycle(MigrationStatus m) {
        return new Lifecycle(m.state(), m.phase(), m.stepsDone(), false);
    }

    private static PlannedMigration plan(Migration script, MigrationStatus status, Dialect dialect, Choices choices) {
        List<PlannedPhase> phases = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            List<PlannedStep> steps = new ArrayList<>();
            List<Step> scripted = script.steps(phase);
            for (int i = 0; i < scripted.size(); i++) {
                boolean done = done(status, phase, i);
                steps.add(step(i + 1, scripted.get(i), dialect, done ? null : choices.of(scripted.get(i)), done));
            }
            phases.add(new PlannedPhase(phase, runBy(phase, script.versionText()), steps));
        }
        List<PlannedStep> checks = new ArrayList<>();
        for (Step check : script.checks()) {
            checks.add(step(checks.size() + 1, check, dialect, null, false));
        }
        return new PlannedMigration(script.versionText(), script.script(), script.description(), status.state(),
                note(status), status.failure(), checks, phases);
    }

    private static PlannedStep step(int number, Step step, Dialect dialect, String choice, boolean done) {
        String sql = step.sql();
        return new PlannedStep(number, step.description(), sql, sql == null ? BUILT_WHEN_IT_RUNS : dialect.runtimeNote(sql),
                choice, done);
    }

    /**
     * Whether an interrupted expand or backfill already ran this step: the engine resumes after the steps
     * its record counts as done, in the phase it records.
     */
    private static boolean done(MigrationStatus m, Phase phase, int index) {
        return lifecycle(m).stepDone(phase, index);
    }

    private static String note(MigrationStatus m) {
        if (lifecycle(m).startWork() == Lifecycle.StartWork.FINISH_ROLLBACK) {
            return "its rollback was interrupted: expand finishes the rollback first, then runs the migration anew";
        }
        return switch (m.state()) {
            case ROLLED_BACK -> "rolled back earlier: expand runs it anew";
            case EXPANDING, EXPANDED, BACKFILLING -> "in progress: expand resumes it; steps marked done do not run again";
            case FAILED -> "failed: expand retries it from the step that failed; steps marked done do not run again";
            default -> null;
        };
    }

    private static String runBy(Phase phase, String version) {
        return switch (phase) {
            case EXPAND -> "tandem expand (or the app's start)";
            case BACKFILL -> "tandem expand (or the app's start), after the expand";
            case CONTRACT -> "tandem contract " + version;
            case ROLLBACK -> "tandem rollback " + version;
        };
    }
}
