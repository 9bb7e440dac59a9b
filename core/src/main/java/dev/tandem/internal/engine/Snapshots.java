package dev.tandem.internal.engine;

import dev.tandem.spi.MigrationLock;
import dev.tandem.spi.StateStore;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads the state, and on first use sets the schema up: before anything, a table under Tandem's names
 * that is not Tandem's stops it; then Flyway's history table (under the lock, see below) and Tandem's
 * own are created when missing. On a schema already set up this is three queries.
 */
final class Snapshots {

    private final EngineSetup setup;

    Snapshots(EngineSetup setup) {
        this.setup = setup;
    }

    /** The state as it is now, creating nothing. */
    Snapshot read() {
        StateStore state = setup.state();
        String history = setup.flyway().table();
        return new Snapshot(setup.catalog(), state.load(), state.flywayApplied(history), state.flywayBaselines(history));
    }

    /** The state, Tandem's and Flyway's tables created first when missing; scripts checked against it. */
    Snapshot prepare() {
        return prepare(false);
    }

    /**
     * {@link #prepare()} for an instance that starts, which registers in the fleet: a registry dropped by hand is
     * made again here, where the running instances come back at their next heartbeat. Not where a contract or a
     * rollback prepares: they would find it empty, and open their gates under every running instance.
     */
    Snapshot prepareToStart() {
        return prepare(true);
    }

    private Snapshot prepare(boolean makeEveryMissingTable) {
        ForeignTables.refuse(setup.state().foreignTables());
        Snapshot snapshot = read();
        if (snapshot.tablesMissing() || makeEveryMissingTable && !setup.state().missingTables(setup.flyway().table()).isEmpty()) {
            createTables();
            snapshot = read();
        }
        snapshot.verifyChecksums();
        return snapshot;
    }

    /**
     * The state read under the schema's migration lock, scripts checked against it again: a node of another build,
     * whose script of the same version says something else, may have begun it while this one waited for the lock
     * (checked before, it was not begun), and this node would go on with its own text.
     */
    Snapshot readLocked() {
        Snapshot snapshot = read();
        snapshot.verifyChecksums();
        return snapshot;
    }

    /** Runs {@code body} on a fresh read of the state, holding the schema's migration lock. */
    <T> T underLock(Function<Snapshot, T> body) {
        prepare();
        try (MigrationLock lock = setup.lockSchema()) {
            return body.apply(readLocked());
        }
    }

    /**
     * Runs {@code body} on a fresh read of the state if the schema's migration lock is free, holding it;
     * false, running nothing, while another node holds it. Reads only: the tables exist already.
     */
    boolean underLockIfFree(Consumer<Snapshot> body) {
        MigrationLock lock = setup.lockSchemaIfFree();
        if (lock == null) {
            return false;
        }
        try (lock) {
            body.accept(readLocked());
            return true;
        }
    }

    private void createTables() {
        StateStore state = setup.state();
        String history = setup.flyway().table();
        if (state.flywayApplied(history) == null) {
            // Under the lock: nodes starting together on an empty schema would otherwise race, and a
            // loser would see another's fresh tables and ask Flyway to baseline a non-empty schema.
            try (MigrationLock lock = setup.lockSchema()) {
                if (state.flywayApplied(history) == null) {
                    setup.flyway().create();
                }
            }
        }
        state.ensureTables();
    }
}
