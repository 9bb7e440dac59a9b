package dev.tandem.internal.engine;

import dev.tandem.ContractPolicy;
import dev.tandem.internal.lint.MigrationLinter;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.spi.FleetStore;
import dev.tandem.spi.MigrationLock;
import dev.tandem.spi.StateStore;
import dev.tandem.spi.StepSessions;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every verb of the engine works with, fixed when {@code Tandem} loads: one value handed to each
 * verb instead of a long argument list.
 *
 * @param sessions      where the steps run (apart from {@code state}, where they are recorded)
 * @param locks         the schema's migration lock (one migrator at a time)
 * @param backfillLocks a migration's own backfill lock, by version
 * @param linter        made on first use: the dialect's parser costs a start with nothing to expand for nothing
 * @param node          this instance: app version, host and fleet id
 * @param policies      the contract policy of each migration, by version
 */
public record EngineSetup(MigrationCatalog catalog, StateStore state, StepSessions sessions, FleetStore fleet, Supplier<MigrationLock> locks,
                          Function<String, MigrationLock> backfillLocks, Supplier<MigrationLinter> linter, FlywayHistory flyway,
                          StepHook hook, Listeners listeners, Duration lockTimeout, Node node,
                          Function<String, ContractPolicy> policies) {

    /** This instance, as the state records it. */
    public record Node(String appVersion, String host, String id) {

        /** {@code appVersion@host}: who ran a phase. */
        String appliedBy() {
            return appVersion + "@" + host;
        }
    }

    /** The schema's migration lock, taken (waiting up to the lock timeout); close it to release. */
    MigrationLock lockSchema() {
        MigrationLock lock = locks.get();
        lock.acquire(lockTimeout);
        return HeldSchemaLock.taken(lock);
    }

    /** The schema's migration lock if no one holds it now, else null; close it to release. */
    MigrationLock lockSchemaIfFree() {
        MigrationLock lock = locks.get();
        return lock.tryAcquire() ? HeldSchemaLock.taken(lock) : null;
    }
}
