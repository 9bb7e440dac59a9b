package dev.tandem.internal.engine;

import dev.tandem.IncompatibleSchemaException;
import dev.tandem.internal.script.Migration;
import dev.tandem.spi.Lifecycle;
import dev.tandem.spi.MigrationRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An app serves only while every migration it knows stays ready for its code. Once its start made them so,
 * only a rollback takes one back: forced while the app lives, or run when its heartbeats stalled past its TTL
 * (the rollback gate counted it dead). Its code may then use what the rollback removed, and where the rollback
 * dropped a trigger that kept the old shape right (a {@code drop_column}'s {@code down}) its writes leave old
 * code's column wrong, silently. Checked after every heartbeat once the start is done, and at once on the
 * instance that ran the rollback, whose code needs what it removed as much as any other's.
 */
final class RolledBackGate {

    private RolledBackGate() {
    }

    /** Why {@code setup}'s app can no longer serve on the database {@code snapshot} shows; empty when it can. */
    static Optional<IncompatibleSchemaException> refusal(EngineSetup setup, Snapshot snapshot) {
        List<String> problems = new ArrayList<>();
        for (Migration m : setup.catalog().all()) {
            if (snapshot.adoptedFromFlyway(m)) {
                continue; // applied by Flyway before Tandem: no record of Tandem's, nothing to roll back
            }
            MigrationRecord rec = snapshot.record(m);
            Lifecycle lifecycle = Lifecycle.of(rec);
            if (!lifecycle.readyForNewCode()) {
                problems.add("migration " + m.versionText() + " (" + m.script() + ") is " + lifecycle.state()
                        + (rec == null ? "" : ", its latest phase run by " + rec.appliedBy()));
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(new IncompatibleSchemaException("App version "
                + setup.node().appVersion() + " uses migrations that were rolled back while it ran, its code may use"
                + " what the rollback removed or write rows the old code reads wrong:\n  - " + String.join("\n  - ", problems)
                + "\nStop this instance, or restart it to expand them again."));
    }
}
