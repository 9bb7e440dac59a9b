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
     * Runs the step.
     *
     * @param resumed true when an earlier attempt of this very step began and its end was never
     *                recorded (the process died): the step must then accept that its effect may
     *                already be there
     */
    void apply(StepContext context, boolean resumed) throws SQLException;
}
