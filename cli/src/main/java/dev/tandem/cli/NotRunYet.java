package dev.tandem.cli;

import dev.tandem.MigrationState;
import dev.tandem.TandemStatus;
import java.util.Optional;

/**
 * What {@code status}, {@code plan} and {@code instances} say on a schema Tandem has not run on yet. They
 * only read, so they tell that Tandem's tables are missing instead of creating them (docs/cli.md).
 */
final class NotRunYet {

    /** Where Tandem records migrations, and where instances register: the names docs/architecture.md gives them. */
    static final String MIGRATIONS_TABLE = "tandem_migrations";
    static final String INSTANCES_TABLE = "tandem_instances";

    private static final String NOT_RUN = "Tandem has not run on this schema yet: no ";

    private NotRunYet() {
    }

    /**
     * For {@code status} and {@code plan}: that no migration was recorded, and what that means; {@code next}
     * ends the sentence (what to do next, or a full stop). Empty when Tandem has run on the schema.
     */
    static Optional<String> migrations(TandemStatus status, String next) {
        if (!status.missingTables().contains(MIGRATIONS_TABLE)) {
            return Optional.empty();
        }
        // Without Tandem's table, whatever is not PENDING comes from Flyway's history (adopted as applied).
        boolean flywayApplied = status.migrations().stream().anyMatch(m -> m.state() != MigrationState.PENDING);
        return Optional.of(NOT_RUN + MIGRATIONS_TABLE + " table. "
                + (flywayApplied ? "Only what Flyway's history records is applied" : "Nothing is applied") + next);
    }

    /** For {@code instances}: that no instance ever registered. Empty when the fleet registry exists. */
    static Optional<String> instances(TandemStatus status) {
        return status.missingTables().contains(INSTANCES_TABLE)
                ? Optional.of(NOT_RUN + INSTANCES_TABLE + " table, so no instance has registered.")
                : Optional.empty();
    }
}
