package dev.tandem.internal.engine;

import dev.tandem.GateVerdict;
import dev.tandem.InstanceStatus;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import dev.tandem.TandemStatus;
import dev.tandem.internal.script.Migration;
import dev.tandem.spi.Lifecycle;
import dev.tandem.spi.MigrationRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The verb {@code status}: every migration the database records or this app knows, with its gates. Reads
 * only, so that a user with nothing but SELECT may ask: unlike the verbs that migrate, it creates no table
 * (neither Tandem's nor Flyway's history), takes no lock and registers nothing; on a schema Tandem has not
 * run on it names the missing tables.
 */
final class StatusReader {

    private final EngineSetup setup;
    private final Snapshots snapshots;

    StatusReader(EngineSetup setup, Snapshots snapshots) {
        this.setup = setup;
        this.snapshots = snapshots;
    }

    TandemStatus status() {
        ForeignTables.refuse(setup.state().foreignTables());
        Snapshot snapshot = snapshots.read();
        snapshot.verifyChecksums();
        List<String> missingTables = setup.state().missingTables(setup.flyway().table());
        // A schema Tandem has not run on has no registry yet: no instance, and the status says what is missing.
        List<InstanceStatus> live = missingTables.isEmpty() ? setup.fleet().live() : List.of();
        Instant now = setup.fleet().now();
        Map<MigrationVersion, MigrationStatus> all = new TreeMap<>();
        for (MigrationRecord rec : snapshot.records()) {
            all.put(MigrationVersion.fromVersion(rec.version()),
                    status(rec.version(), rec.description(), rec.script(), rec, snapshot, live, now));
        }
        for (MigrationVersion applied : snapshot.flywayVersions()) {
            all.computeIfAbsent(applied, v -> adoptedFromFlyway(v.getVersion()));
        }
        for (Migration m : setup.catalog().all()) {
            all.computeIfAbsent(m.version(), v -> status(m.versionText(), m.description(), m.script(), null, snapshot, live, now));
        }
        return new TandemStatus(List.copyOf(all.values()), live, setup.state().backfills(),
                missingTables, setup.state().replacedTables());
    }

    private MigrationStatus status(String version, String description, String script, MigrationRecord rec,
                                   Snapshot snapshot, List<InstanceStatus> live, Instant now) {
        Lifecycle lifecycle = Lifecycle.of(rec);
        GateVerdict rollbackGate = switch (lifecycle.rollbackWork()) {
            case NOTHING_EXPANDED -> GateVerdict.closed(List.of("nothing was expanded"));
            case CONTRACTED -> GateVerdict.closed(List.of("contracted: undo it with a new migration"));
            case CONTRACT_FAILED -> GateVerdict.closed(List.of("its contract began: finish it with contract " + version));
            case ROLLBACK, RESUME_ROLLBACK -> Gates.rollback(version, live, setup.node().id());
        };
        return new MigrationStatus(version, description, script, lifecycle.state(), setup.catalog().find(version).isPresent(),
                lifecycle.phase(), lifecycle.stepsDone(), rec == null ? null : rec.failure(),
                rec == null ? null : rec.expandedAt(), rec == null ? null : rec.contractedAt(),
                Gates.contract(version, rec, Gates.contractWaitsFor(setup.catalog().find(version).orElse(null),
                        snapshot.records()), live, now, setup.policies().apply(version)), rollbackGate);
    }

    /** A migration Flyway applied before Tandem managed the schema: complete, Tandem neither contracts nor rolls it back. */
    private MigrationStatus adoptedFromFlyway(String version) {
        var known = setup.catalog().find(version);
        return new MigrationStatus(version, known.map(Migration::description).orElse("(applied by Flyway)"),
                known.map(Migration::script).orElse(null), MigrationState.COMPLETED, known.isPresent(), null, 0, null,
                null, null, GateVerdict.closed(List.of("applied by Flyway, nothing to contract")),
                GateVerdict.closed(List.of("applied by Flyway, not rolled back by Tandem")));
    }
}
