package dev.tandem.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.BackfillProgress;
import dev.tandem.GateVerdict;
import dev.tandem.InstanceStatus;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import dev.tandem.TandemException;
import dev.tandem.TandemStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a status and the listener's events become meters (no server: the values are built by hand). */
class TandemMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TandemMetrics metrics = new TandemMetrics(Duration.ofHours(1));

    @AfterEach
    void close() {
        metrics.close();
    }

    private static MigrationStatus migration(String version, MigrationState state, GateVerdict contractGate) {
        return new MigrationStatus(version, "m" + version, "V" + version + "__m.sql", state, true, null, 0, null, null, null,
                contractGate, GateVerdict.opened());
    }

    private static InstanceStatus instance(String id, String appVersion) {
        return new InstanceStatus(id, appVersion, "host", 1, Set.of("1"), "1", Instant.now(), Instant.now(), 60);
    }

    private static final TandemStatus STATUS = new TandemStatus(
            List.of(migration("1", MigrationState.COMPLETED, GateVerdict.opened()),
                    migration("2", MigrationState.READY, GateVerdict.closed(List.of("instance a runs 1.0.0"))),
                    migration("3", MigrationState.READY, GateVerdict.opened()),
                    migration("4", MigrationState.BACKFILLING, GateVerdict.closed(List.of("backfill running")))),
            List.of(instance("a", "1.0.0"), instance("b", "2.0.0"), instance("c", "2.0.0")),
            List.of(new BackfillProgress("4", "customers.display", 1200, 5000, 400.0, Duration.ofSeconds(10), false, Instant.now())),
            List.of());

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void showsTheStatusByStateAppVersionGateAndBackfill() {
        metrics.watch(() -> STATUS, () -> false).bindTo(registry);
        metrics.refresh();

        assertThat(gauge("tandem.migrations", "state", "READY")).isEqualTo(2);
        assertThat(gauge("tandem.migrations", "state", "COMPLETED")).isEqualTo(1);
        assertThat(gauge("tandem.migrations", "state", "FAILED")).as("every state has a series").isZero();
        assertThat(gauge("tandem.instances", "app.version", "2.0.0")).isEqualTo(2);
        assertThat(gauge("tandem.instances", "app.version", "1.0.0")).isEqualTo(1);
        assertThat(gauge("tandem.contract.gate", "version", "2")).isZero();
        assertThat(gauge("tandem.contract.gate", "version", "3")).isEqualTo(1);
        assertThat(registry.find("tandem.contract.gate").tag("version", "4").gauge()).as("not waiting for its contract").isNull();
        assertThat(gauge("tandem.backfill.rows", "version", "4", "target", "customers.display")).isEqualTo(1200);
        assertThat(gauge("tandem.backfill.rows.estimate", "version", "4", "target", "customers.display")).isEqualTo(5000);
        assertThat(gauge("tandem.backfill.rate", "version", "4", "target", "customers.display")).isEqualTo(400);
        // Prometheus appends a gauge's unit to its name unless it ends in it: tandem_backfill_rate_rows_s was no name
        // the docs' alerts used.
        assertThat(registry.getMeters().stream().map(m -> m.getId()).filter(id -> id.getName().startsWith("tandem.backfill"))
                .map(id -> id.getName() + " " + id.getBaseUnit()).distinct().sorted()).containsExactly(
                "tandem.backfill.rate null", "tandem.backfill.rows rows", "tandem.backfill.rows.estimate null");
        assertThat(gauge("tandem.ready")).isZero();
    }

    @Test
    void listenerEventsShowAtOnceAndTheNextReadReplacesThem() {
        AtomicReference<TandemStatus> status = new AtomicReference<>(STATUS);
        boolean[] ready = {false};
        metrics.watch(status::get, () -> ready[0]).bindTo(registry);
        metrics.refresh();

        metrics.backfillProgress(new BackfillProgress("4", "customers.display", 4000, 5000, 500.0, null, false, Instant.now()));
        metrics.stateChanged("4", MigrationState.READY);
        ready[0] = true;

        assertThat(gauge("tandem.backfill.rows", "version", "4", "target", "customers.display")).isEqualTo(4000);
        assertThat(gauge("tandem.backfill.rate", "version", "4", "target", "customers.display")).isEqualTo(500);
        metrics.backfillProgress(new BackfillProgress("4", "customers.display", 5000, 5000, 500.0, null, true, Instant.now()));
        assertThat(gauge("tandem.backfill.rate", "version", "4", "target", "customers.display"))
                .as("a verified backfill runs no more, whatever rate its checkpoint kept").isZero();
        assertThat(gauge("tandem.migrations", "state", "READY")).isEqualTo(3);
        assertThat(gauge("tandem.migrations", "state", "BACKFILLING")).isZero();
        assertThat(registry.get("tandem.migration.transitions").tags("state", "READY").counter().count()).isEqualTo(1);
        assertThat(gauge("tandem.ready")).isEqualTo(1);

        status.set(new TandemStatus(List.of(migration("1", MigrationState.COMPLETED, GateVerdict.opened())),
                List.of(instance("b", "2.0.0")), List.of(), List.of()));
        metrics.refresh();
        assertThat(gauge("tandem.migrations", "state", "READY")).isZero();
        assertThat(registry.find("tandem.instances").tag("app.version", "1.0.0").gauge()).as("a gone app version's series goes").isNull();
        assertThat(registry.find("tandem.backfill.rows").gauges()).isEmpty();
    }

    @Test
    void aFailedReadKeepsTheLastValues() {
        boolean[] fail = {false};
        metrics.watch(() -> {
            if (fail[0]) {
                throw new TandemException("connection refused");
            }
            return STATUS;
        }, () -> true).bindTo(registry);
        metrics.refresh();
        fail[0] = true;
        metrics.refresh();
        assertThat(gauge("tandem.migrations", "state", "READY")).isEqualTo(2);
    }

    @Test
    void refusesARefreshIntervalUnderASecond() {
        assertThatThrownBy(() -> new TandemMetrics(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 s");
    }
}
