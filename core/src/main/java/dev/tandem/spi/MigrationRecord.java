package dev.tandem.spi;

import dev.tandem.MigrationState;
import java.time.Instant;

/**
 * A migration as the database remembers it (one row of {@link dev.tandem.TableNames#migrations()}, by
 * default {@code tandem_migrations}).
 *
 * @param phase       the phase in progress or last run
 * @param stepsDone   steps of {@code phase} finished
 * @param stepStarted index of the step of {@code phase} last begun; equal to {@code stepsDone}
 *                    when that step began but its end was never recorded
 * @param failure     the error of a failed step, else null
 * @param appliedBy   {@code appVersion@host} of the node that ran the latest phase
 * @param expandedBy  the app version whose node began the expand: the oldest app version that knows it
 */
public record MigrationRecord(
        String version,
        String description,
        String script,
        int checksum,
        MigrationState state,
        Phase phase,
        int stepsDone,
        int stepStarted,
        String failure,
        String appliedBy,
        String expandedBy,
        Instant expandedAt,
        Instant contractedAt,
        Instant updatedAt) {

    /** True when the step at index {@code stepsDone} began and its end was never recorded. */
    public boolean interruptedInStep() {
        return stepStarted == stepsDone;
    }
}
