package dev.tandem.micrometer;

import dev.tandem.BackfillProgress;
import dev.tandem.InstanceStatus;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import dev.tandem.TandemStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the meters show at one moment, from a {@link TandemStatus} and the listener's events since:
 * immutable, so a scrape never sees half an update.
 *
 * @param states        each migration's state, by version
 * @param contractGates whether the contract gate is open, for each migration that waits for its contract (READY)
 * @param instances     live instances by app version
 * @param backfills     each backfill's progress, by {@link #backfillKey}
 */
record MeterValues(Map<String, MigrationState> states, Map<String, Boolean> contractGates, Map<String, Long> instances,
                   Map<String, BackfillProgress> backfills) {

    static final MeterValues EMPTY = new MeterValues(Map.of(), Map.of(), Map.of(), Map.of());

    static MeterValues of(TandemStatus status) {
        Map<String, MigrationState> states = new LinkedHashMap<>();
        Map<String, Boolean> gates = new LinkedHashMap<>();
        for (MigrationStatus m : status.migrations()) {
            states.put(m.version(), m.state());
            if (m.state() == MigrationState.READY) {
                gates.put(m.version(), m.contractGate().open());
            }
        }
        Map<String, Long> instances = new TreeMap<>();
        for (InstanceStatus i : status.instances()) {
            instances.merge(i.appVersion(), 1L, Long::sum);
        }
        Map<String, BackfillProgress> backfills = new LinkedHashMap<>();
        status.backfills().forEach(b -> backfills.put(backfillKey(b), b));
        return new MeterValues(Collections.unmodifiableMap(states), Collections.unmodifiableMap(gates),
                Collections.unmodifiableMap(instances), Collections.unmodifiableMap(backfills));
    }

    /** How many migrations are in each state; every state is present, most with 0. */
    Map<MigrationState, Long> countByState() {
        Map<MigrationState, Long> counts = new EnumMap<>(MigrationState.class);
        for (MigrationState state : MigrationState.values()) {
            counts.put(state, 0L);
        }
        states.values().forEach(state -> counts.merge(state, 1L, Long::sum));
        return counts;
    }

    /** With one migration moved to {@code state}; its gate is known again at the next status read. */
    MeterValues withState(String version, MigrationState state) {
        Map<String, MigrationState> nextStates = new LinkedHashMap<>(states);
        nextStates.put(version, state);
        Map<String, Boolean> nextGates = new LinkedHashMap<>(contractGates);
        if (state != MigrationState.READY) {
            nextGates.remove(version);
        }
        return new MeterValues(Collections.unmodifiableMap(nextStates), Collections.unmodifiableMap(nextGates), instances,
                backfills);
    }

    /** With one backfill's newer progress. */
    MeterValues withBackfill(BackfillProgress progress) {
        Map<String, BackfillProgress> next = new LinkedHashMap<>(backfills);
        next.put(backfillKey(progress), progress);
        return new MeterValues(states, contractGates, instances, Collections.unmodifiableMap(next));
    }

    static String backfillKey(BackfillProgress progress) {
        return progress.version() + " " + progress.target();
    }
}
