package dev.tandem.spring.boot;

import dev.tandem.BackfillProgress;
import dev.tandem.GateVerdict;
import dev.tandem.InstanceStatus;
import dev.tandem.MigrationStatus;
import dev.tandem.ReplacedTable;
import dev.tandem.TandemStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@link TandemStatus} as the {@code tandem} actuator endpoint shows it: plain values (times as ISO-8601 text), so
 * every JSON mapper writes it alike.
 */
public record StatusView(String appVersion, String instanceId, boolean ready, List<Migration> migrations,
                  List<Backfill> backfills, List<Instance> instances, List<String> missingTables,
                  List<ReplacedTable> replacedTables) {

    /** A view without replaced tables (as before they were shown). */
    public StatusView(String appVersion, String instanceId, boolean ready, List<Migration> migrations,
                      List<Backfill> backfills, List<Instance> instances, List<String> missingTables) {
        this(appVersion, instanceId, ready, migrations, backfills, instances, missingTables, List.of());
    }

    public record Migration(String version, String description, String script, String state, boolean known, String phase,
                     int stepsDone, String failure, String expandedAt, String contractedAt, Gate contractGate,
                     Gate rollbackGate) {
    }

    public record Gate(boolean open, List<String> reasons) {
    }

    public record Backfill(String version, String target, long rowsDone, long rowsEstimate, double rowsPerSecond,
                    Long etaSeconds, boolean verified, String updatedAt) {
    }

    public record Instance(String id, String appVersion, String host, long pid, String highestKnown, List<String> knownVersions,
                    String startedAt, String heartbeatAt, long ttlSeconds) {
    }

    static StatusView of(String appVersion, String instanceId, boolean ready, TandemStatus status) {
        return new StatusView(appVersion, instanceId, ready, status.migrations().stream().map(StatusView::migration).toList(),
                status.backfills().stream().map(StatusView::backfill).toList(),
                status.instances().stream().map(StatusView::instance).toList(), status.missingTables(),
                status.replacedTables());
    }

    private static Migration migration(MigrationStatus m) {
        return new Migration(m.version(), m.description(), m.script(), m.state().name(), m.known(),
                m.phase() == null ? null : m.phase().toString(), m.stepsDone(), m.failure(), text(m.expandedAt()),
                text(m.contractedAt()), gate(m.contractGate()), gate(m.rollbackGate()));
    }

    private static Gate gate(GateVerdict verdict) {
        return verdict == null ? null : new Gate(verdict.open(), verdict.reasons());
    }

    private static Backfill backfill(BackfillProgress b) {
        Duration eta = b.eta();
        return new Backfill(b.version(), b.target(), b.rowsDone(), b.rowsEstimate(), b.rowsPerSecond(),
                eta == null ? null : eta.toSeconds(), b.verified(), text(b.updatedAt()));
    }

    private static Instance instance(InstanceStatus i) {
        return new Instance(i.id(), i.appVersion(), i.host(), i.pid(), i.highestKnown(), List.copyOf(i.knownVersions()),
                text(i.startedAt()), text(i.heartbeatAt()), i.ttlSeconds());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
