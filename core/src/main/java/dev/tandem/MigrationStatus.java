package dev.tandem;

import dev.tandem.spi.Phase;
import java.time.Instant;

/**
 * One migration in {@link TandemStatus}.
 *
 * @param known       whether this app has the migration's script
 * @param phase       the phase in progress or last run, null when none ran
 * @param stepsDone   steps of that phase finished
 * @param failure      the error of a failed step, else null
 * @param contractGate whether contract may run now, and why not
 * @param rollbackGate whether rollback may run now (without force), and why not
 */
public record MigrationStatus(
        String version,
        String description,
        String script,
        MigrationState state,
        boolean known,
        Phase phase,
        int stepsDone,
        String failure,
        Instant expandedAt,
        Instant contractedAt,
        GateVerdict contractGate,
        GateVerdict rollbackGate) {
}
