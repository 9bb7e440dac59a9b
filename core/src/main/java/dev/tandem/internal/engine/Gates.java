package dev.tandem.internal.engine;

import dev.tandem.ContractPolicy;
import dev.tandem.GateVerdict;
import dev.tandem.InstanceStatus;
import dev.tandem.internal.script.Migration;
import dev.tandem.spi.Lifecycle;
import dev.tandem.spi.MigrationRecord;
import dev.tandem.spi.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;

/** The contract and rollback gates: pure decisions over the state, the live fleet and the policy. */
final class Gates {

    private Gates() {
    }

    /**
     * The migrations whose unfinished backfill keeps a contract of {@code m} waiting ({@link #contract}): all
     * of them, unless {@code m}'s contract changes nothing (no step: a script that only creates drops no
     * column), or {@code m} is not known here.
     */
    static Collection<MigrationRecord> contractWaitsFor(Migration m, Collection<MigrationRecord> records) {
        return m == null || m.steps(Phase.CONTRACT).isEmpty() ? List.of() : records;
    }

    /**
     * Why a contract of {@code version} must wait for the backfills of {@code others} ({@link #contractWaitsFor}):
     * one unfinished may be a copy whose chunks and carry triggers name every column its table had when it began,
     * and every write to the table fails once a column they name is dropped. Asked also before a contract cut short
     * is finished: a backfill may have begun since. Empty when none is in the way.
     */
    static List<String> backfillsInTheWay(String version, Collection<MigrationRecord> others) {
        List<String> reasons = new ArrayList<>();
        for (MigrationRecord other : others) {
            Lifecycle its = Lifecycle.of(other);
            if (!other.version().equals(version) && its.backfillUnfinished()) {
                reasons.add("the backfill of migration " + other.version() + " is not done (" + its.state()
                        + "): a copy it builds may need the columns this contract drops; contract once it is READY");
            }
        }
        return reasons;
    }

    /**
     * Contract M only when its expand and backfill are done, no other migration's backfill is unfinished
     * (a copy of a table, and the triggers that carry writes into it, name every column the table had when
     * the copy began: a contract that drops one of them would fail every write to the table), every live
     * instance knows M (none would use what the contract drops), and the policy agrees.
     */
    static GateVerdict contract(String version, MigrationRecord rec, Collection<MigrationRecord> others,
                                List<InstanceStatus> live, Instant now, ContractPolicy policy) {
        List<String> reasons = new ArrayList<>();
        Lifecycle lifecycle = Lifecycle.of(rec);
        if (lifecycle.contractWork() == Lifecycle.ContractWork.DONE) {
            reasons.add("migration " + version + " is already contracted");
            return GateVerdict.closed(reasons);
        }
        if (lifecycle.contractWork() == Lifecycle.ContractWork.NOT_READY) {
            reasons.add("migration " + version + " is " + lifecycle.state() + ", not READY: its expand and backfill must be done first");
        }
        reasons.addAll(backfillsInTheWay(version, others));
        for (InstanceStatus instance : live) {
            if (!knows(instance, version)) {
                reasons.add("instance " + instance.describe() + " does not know migration " + version
                        + " (it knows up to " + (instance.highestKnown() == null ? "none" : instance.highestKnown())
                        + ") and may still use what the contract drops");
            } else if (!policy.allows(instance.appVersion())) {
                reasons.add("instance " + instance.describe() + " runs app " + instance.appVersion()
                        + "; the contract policy requires " + policy.appVersionRuleText());
            }
        }
        if (!policy.minimumAge().isZero() && rec != null && rec.expandedAt() != null) {
            Instant allowedFrom = rec.expandedAt().plus(policy.minimumAge());
            if (now.isBefore(allowedFrom)) {
                reasons.add("expanded at " + rec.expandedAt() + "; the contract policy waits " + policy.minimumAge()
                        + ", until " + allowedFrom + " (" + Duration.between(now, allowedFrom).toSeconds() + " s from now)");
            }
        }
        return reasons.isEmpty() ? GateVerdict.opened() : GateVerdict.closed(reasons);
    }

    /**
     * Roll back M only when no live instance other than the caller knows M: any that does may read or
     * write what the rollback removes.
     */
    static GateVerdict rollback(String version, List<InstanceStatus> live, String selfId) {
        List<String> reasons = new ArrayList<>();
        for (InstanceStatus instance : live) {
            if (!instance.id().equals(selfId) && knows(instance, version)) {
                reasons.add("instance " + instance.describe() + " knows migration " + version
                        + " and may use what the rollback removes");
            }
        }
        return reasons.isEmpty() ? GateVerdict.opened() : GateVerdict.closed(reasons);
    }

    static boolean knows(InstanceStatus instance, String version) {
        MigrationVersion wanted = MigrationVersion.fromVersion(version);
        return instance.knownVersions().stream().anyMatch(v -> MigrationVersion.fromVersion(v).equals(wanted));
    }
}
