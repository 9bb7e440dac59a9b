package dev.tandem.cli;

import dev.tandem.MigrationState;
import dev.tandem.TableNames;
import dev.tandem.TandemStatus;
import java.util.Optional;

/**
 * What {@code status}, {@code plan} and {@code instances} say on a schema Tandem has not run on yet. They
 * only read, so they tell that Tandem's tables are missing instead of creating them (docs/cli.md).
 */
final class NotRunYet {

    private static final String NOT_RUN = "Tandem has not run on this schema yet: no ";

    private NotRunYet() {
    }

    /**
     * For {@code status} and {@code plan}: that no migration was recorded in {@code tables}, and what that
     * means; {@code next} ends the sentence (what to do next, or a full stop). Empty when Tandem has run on
     * the schema.
     */
    static Optional<String> migrations(TandemStatus status, TableNames tables, String next) {
        if (!status.missingTables().contains(tables.migrations())) {
            return Optional.empty();
        }
        // Without Tandem's table, whatever is not PENDING comes from Flyway's history (adopted as applied).
        boolean flywayApplied = status.migrations().stream().anyMatch(m -> m.state() != MigrationState.PENDING);
        return Optional.of(NOT_RUN + tables.migrations() + " table. "
                + (flywayApplied ? "Only what Flyway's history records is applied" : "Nothing is applied") + next);
    }

    /**
     * For {@code instances}: that no instance ever registered in {@code tables}. Empty when the fleet
     * registry exists.
     */
    static Optional<String> instances(TandemStatus status, TableNames tables) {
        return status.missingTables().contains(tables.instances())
                ? Optional.of(NOT_RUN + tables.instances() + " table, so no instance has registered.")
                : Optional.empty();
    }
}
