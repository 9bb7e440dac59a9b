package dev.tandem.micrometer;

import dev.tandem.BackfillProgress;
import dev.tandem.MigrationState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/** Tandem's meters on one registry, showing the {@link MeterValues} they are handed. */
final class StatusMeters {

    private final MeterRegistry registry;
    private final Map<MigrationState, Counter> transitions = new EnumMap<>(MigrationState.class);
    private final MultiGauge instances;
    private final MultiGauge contractGates;
    private final MultiGauge backfillRows;
    private final MultiGauge backfillEstimate;
    private final MultiGauge backfillRate;
    private volatile MeterValues values = MeterValues.EMPTY;

    StatusMeters(MeterRegistry registry, Supplier<Number> ready) {
        this.registry = registry;
        Gauge.builder("tandem.ready", ready).description("1 while this instance's schema is ready for its app version, else 0")
                .register(registry);
        for (MigrationState state : MigrationState.values()) {
            Gauge.builder("tandem.migrations", this, meters -> meters.values.countByState().get(state))
                    .tag("state", state.name()).description("Migrations in each state").register(registry);
        }
        instances = MultiGauge.builder("tandem.instances").description("Live instances in the fleet, by app version")
                .register(registry);
        contractGates = MultiGauge.builder("tandem.contract.gate")
                .description("For each migration that waits for its contract: 1 while its contract gate is open, else 0")
                .register(registry);
        backfillRows = MultiGauge.builder("tandem.backfill.rows").baseUnit("rows")
                .description("Rows a backfill has filled").register(registry);
        // No unit where the name does not end in it: Prometheus would append it (tandem_backfill_rate_rows_s).
        backfillEstimate = MultiGauge.builder("tandem.backfill.rows.estimate")
                .description("The estimated rows of a backfill's table when it began").register(registry);
        backfillRate = MultiGauge.builder("tandem.backfill.rate")
                .description("A backfill's recent rate, rows per second").register(registry);
    }

    /** Counts a state change this instance made. */
    void transition(MigrationState state) {
        transitions.computeIfAbsent(state, s -> Counter.builder("tandem.migration.transitions").tag("state", s.name())
                .description("State changes made by this instance").register(registry)).increment();
    }

    synchronized void show(MeterValues next) {
        values = next;
        instances.register(rows(next.instances(), appVersion -> Tags.of("app.version", appVersion), Long::doubleValue), true);
        contractGates.register(rows(next.contractGates(), version -> Tags.of("version", version), open -> open ? 1 : 0), true);
        backfillRows.register(backfills(next, BackfillProgress::rowsDone), true);
        backfillEstimate.register(backfills(next, BackfillProgress::rowsEstimate), true);
        // A verified backfill runs no more: the rate its checkpoint kept from its last chunk read on for good.
        backfillRate.register(backfills(next, b -> b.verified() ? 0 : b.rowsPerSecond()), true);
    }

    private static <V> List<MultiGauge.Row<?>> rows(Map<String, V> values, Function<String, Tags> tags, ToDoubleFunction<V> value) {
        return values.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(tags.apply(e.getKey()), value.applyAsDouble(e.getValue())))
                .toList();
    }

    private static List<MultiGauge.Row<?>> backfills(MeterValues values, ToDoubleFunction<BackfillProgress> value) {
        return values.backfills().values().stream()
                .<MultiGauge.Row<?>>map(b -> MultiGauge.Row.of(Tags.of("version", b.version(), "target", b.target()),
                        value.applyAsDouble(b)))
                .toList();
    }
}
