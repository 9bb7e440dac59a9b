package dev.tandem.internal.engine;

import dev.tandem.ChecksumMismatchException;
import dev.tandem.internal.script.Migration;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.spi.Lifecycle;
import dev.tandem.spi.MigrationRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The database's view of all migrations at one moment: Tandem's records and Flyway's history. What a
 * record means is the {@link Lifecycle}'s to say; this class adds what only the two tables together tell
 * (a migration Flyway applied before Tandem managed the schema).
 */
final class Snapshot {

    private final MigrationCatalog catalog;
    private final Map<MigrationVersion, MigrationRecord> records = new TreeMap<>();
    /** Flyway's applied versions and their checksums (a null checksum for rows without one). */
    private final Map<MigrationVersion, Integer> flywayApplied = new TreeMap<>();
    private final boolean tablesMissing;

    /**
     * @param flywayBaselines the versions of Flyway's baseline rows: a script of this app at or below one that no
     *                        record names was applied before Flyway's history began, as Flyway counts it (not the
     *                        baseline at 0 Tandem writes itself on a schema Flyway never managed: the user chose none)
     */
    Snapshot(MigrationCatalog catalog, List<MigrationRecord> records, Map<String, Integer> flywayApplied,
             List<String> flywayBaselines) {
        this.catalog = catalog;
        if (records != null) {
            records.forEach(r -> this.records.put(MigrationVersion.fromVersion(r.version()), r));
        }
        if (flywayApplied != null) {
            flywayApplied.forEach((version, sum) -> this.flywayApplied.put(MigrationVersion.fromVersion(version), sum));
            flywayBaselines.stream().map(MigrationVersion::fromVersion).filter(b -> b.compareTo(FlywayHistory.OWN_BASELINE) > 0)
                    .max(MigrationVersion::compareTo).ifPresent(baseline -> catalog.all().stream()
                            .filter(m -> m.version().compareTo(baseline) <= 0 && !this.records.containsKey(m.version()))
                            .forEach(m -> this.flywayApplied.putIfAbsent(m.version(), null)));
        }
        this.tablesMissing = records == null || flywayApplied == null;
    }

    /** Whether Tandem's table or Flyway's history table does not exist yet. */
    boolean tablesMissing() {
        return tablesMissing;
    }

    /** Every record, in version order. */
    Collection<MigrationRecord> records() {
        return records.values();
    }

    /** The versions Flyway's history holds, in version order. */
    Set<MigrationVersion> flywayVersions() {
        return flywayApplied.keySet();
    }

    MigrationRecord record(Migration m) {
        return records.get(m.version());
    }

    Lifecycle lifecycle(Migration m) {
        return Lifecycle.of(record(m));
    }

    boolean inFlywayHistory(Migration m) {
        return flywayApplied.containsKey(m.version());
    }

    /** Applied by Flyway before Tandem managed this database: complete, nothing for Tandem to do. */
    boolean adoptedFromFlyway(Migration m) {
        return record(m) == null && inFlywayHistory(m);
    }

    /** Refuses a script edited after any of it was applied (by Tandem or, before Tandem, by Flyway). */
    void verifyChecksums() {
        for (Migration m : catalog.all()) {
            MigrationRecord rec = record(m);
            if (rec != null && !Lifecycle.of(rec).notBegun() && rec.checksum() != m.checksum()) {
                throw new ChecksumMismatchException(m.script(), m.versionText(), rec.checksum(), m.checksum());
            }
            Integer flywaySum = rec == null ? flywayApplied.get(m.version()) : null;
            if (flywaySum != null && flywaySum != m.checksum()) {
                throw new ChecksumMismatchException(m.script(), m.versionText(), flywaySum, m.checksum());
            }
        }
    }

    /** Whether every migration this app knows is ready for it. */
    boolean readyForThisApp() {
        return catalog.all().stream().allMatch(m -> adoptedFromFlyway(m) || lifecycle(m).readyForNewCode());
    }

    /** Whether nothing of {@code m} has run yet (or its expand failed at its first step): it is linted. */
    boolean notBegun(Migration m) {
        return !adoptedFromFlyway(m) && lifecycle(m).notBegun();
    }

    /** Whether its expand is done but a node died before recording it in Flyway's history. */
    boolean missingFromFlywayHistory(Migration m) {
        return lifecycle(m).expandDone() && !inFlywayHistory(m);
    }

    /** Whether start() has anything to do for {@code m} (or to finish for a dead node). */
    boolean needsStartWork(Migration m) {
        return !adoptedFromFlyway(m)
                && (lifecycle(m).startWork() != Lifecycle.StartWork.NONE || missingFromFlywayHistory(m));
    }
}
