package dev.tandem.internal.engine;

import dev.tandem.IncompatibleSchemaException;
import dev.tandem.spi.Lifecycle;
import dev.tandem.spi.MigrationRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An app runs only while it knows every migration the database has contracted: its code may use what a
 * contract dropped. Checked at {@code start()}, and after every heartbeat: a contract can run while an old
 * instance lives, when its heartbeats stalled past its TTL or when it registered just as the contract's gate
 * counted the fleet. Migrations it does not know that are only expanded are fine: an expand is backward
 * compatible.
 */
final class StartupGate {

    private StartupGate() {
    }

    /** Why {@code setup}'s app is too old for the database {@code snapshot} shows; empty when it is not. */
    static Optional<IncompatibleSchemaException> refusal(EngineSetup setup, Snapshot snapshot) {
        List<String> problems = new ArrayList<>();
        for (MigrationRecord rec : unknown(setup, snapshot)) {
            if (Lifecycle.of(rec).contractBegun()) {
                problems.add("migration " + rec.version() + " (" + rec.script() + ") was contracted"
                        + (rec.contractedAt() == null ? " (contract in progress)" : " at " + rec.contractedAt())
                        + "; the oldest app version that knows it is " + (rec.expandedBy() == null ? "unknown" : rec.expandedBy()));
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(new IncompatibleSchemaException("App version "
                + setup.node().appVersion() + " is too old for this database, its code may use what was dropped:\n  - "
                + String.join("\n  - ", problems) + "\nDeploy an app version that knows these migrations."));
    }

    /** The migrations the database records that {@code setup}'s app does not know. */
    static List<MigrationRecord> unknown(EngineSetup setup, Snapshot snapshot) {
        return snapshot.records().stream().filter(rec -> setup.catalog().find(rec.version()).isEmpty()).toList();
    }
}
