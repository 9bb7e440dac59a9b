package dev.tandem.spi;

import java.sql.SQLException;

/**
 * One unit of a migration phase. The engine records each step before and after it runs, so a
 * process killed at any point resumes at the step it was in.
 */
public interface Step {

    /** What the step does, for logs and errors, e.g. {@code V2__add_email.sql line 4: ALTER TABLE ...}. */
    String description();

    /**
     * The statement this step runs, when it is fixed before the step runs (a script's statement, an
     * operation's simple DDL); null when the step builds its statements as it runs, from the live
     * schema (sync triggers, locked swaps, chunked backfills, checks). For dry runs such as
     * {@code tandem plan}; the dialect may still add clauses as it runs it, see
     * {@link Dialect#runtimeNote(String)}.
     */
    default String sql() {
        return null;
    }

    /**
     * What this step will choose when it runs, decided as it would be on the schema as it is now and read
     * without changing anything (e.g. whether a backfill copies its table or updates it in place, and
     * why), for dry runs; null when the step chooses nothing.
     *
     * @param connection a connection to the database the step will run on, only read from
     * @param policy     the policy the step will run under
     */
    default String choice(java.sql.Connection connection, DdlPolicy policy) throws SQLException {
        return null;
    }

    /**
     * Runs the step.
     *
     * @param resumed true when an earlier attempt of this very step began and its end was never
     *                recorded (the process died): the step must then accept that its effect may
     *                already be there
     */
    void apply(StepContext context, boolean resumed) throws SQLException;

    /** What runs after a step applied, on its context. */
    @FunctionalInterface
    interface After {
        void run(StepContext context) throws SQLException;
    }

    /**
     * This step, with {@code after} run once it applied and before the engine records it (the same
     * description and statement): for what must happen exactly when the step's effect does.
     */
    default Step andThen(After after) {
        return around(context -> { }, after);
    }

    /** A last look at the schema before a step applies, which refuses the step by throwing. */
    @FunctionalInterface
    interface Guard {
        void check(StepContext context) throws SQLException;
    }

    /**
     * This step, with {@code guard} run each time before it applies (the same description and statement):
     * for a refusal that must come before the step changes anything, within the step itself.
     */
    default Step guardedBy(Guard guard) {
        return around(guard, context -> { });
    }

    /**
     * This step's guards ({@link #guardedBy}) alone, as a check that changes nothing: asked before the step's
     * phase is recorded begun, so that a refusal of any of its steps leaves the migration's record as it was. A
     * step without a guard checks nothing.
     */
    default Step guardsOnly() {
        String description = description();
        return new Step() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public void apply(StepContext context, boolean resumed) {
            }
        };
    }

    private Step around(Guard guard, After after) {
        Step step = this;
        return new Step() {
            @Override
            public Step guardsOnly() {
                Step inner = step.guardsOnly();
                return new Step() {
                    @Override
                    public String description() {
                        return inner.description();
                    }

                    @Override
                    public void apply(StepContext context, boolean resumed) throws SQLException {
                        guard.check(context);
                        inner.apply(context, resumed);
                    }
                };
            }

            @Override
            public String description() {
                return step.description();
            }

            @Override
            public String sql() {
                return step.sql();
            }

            @Override
            public String choice(java.sql.Connection connection, DdlPolicy policy) throws SQLException {
                return step.choice(connection, policy);
            }

            @Override
            public void apply(StepContext context, boolean resumed) throws SQLException {
                guard.check(context);
                step.apply(context, resumed);
                after.run(context);
            }
        };
    }
}
