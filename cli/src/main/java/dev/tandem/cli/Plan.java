package dev.tandem.cli;

import dev.tandem.MigrationState;
import dev.tandem.spi.Phase;
import java.util.List;

/**
 * The dry run of {@code tandem plan}: for each migration in the locations that is not yet ready, what
 * each phase will run. Printed as text ({@link PlanText}) or JSON (docs/cli.md).
 *
 * @param database      the database the plan was made against, any password masked
 * @param locations     where the scripts were found
 * @param migrations    in version order
 * @param missingTables Tandem's and Flyway's tables the database does not have yet (all of them before
 *                      Tandem first ran there), as {@code status} reports them
 */
record Plan(String database, List<String> locations, List<PlannedMigration> migrations, List<String> missingTables) {

    /**
     * @param note    what the expand will do about an earlier attempt (resume, finish a rollback), or null
     * @param failure the error of a failed step, or null
     * @param checks  read-only checks of the live schema that run before the expand
     */
    record PlannedMigration(String version, String script, String description, MigrationState state, String note,
                            String failure, List<PlannedStep> checks, List<PlannedPhase> phases) {
    }

    /** @param runBy the command that runs this phase */
    record PlannedPhase(Phase phase, String runBy, List<PlannedStep> steps) {
    }

    /**
     * @param sql         the exact statement, or null when the step builds its statements as it runs
     * @param runtimeNote what is decided only when it runs (the DDL algorithm, statements built from the
     *                    live schema), or null when the statement runs as written
     * @param choice      what the step will choose as it runs, as it would choose on the schema as it is now (a
     *                    backfill: a copy of the table or an update in place, and why), or null
     * @param done        whether an earlier, interrupted run already did it (it is not run again)
     */
    record PlannedStep(int number, String description, String sql, String runtimeNote, String choice, boolean done) {
    }
}
