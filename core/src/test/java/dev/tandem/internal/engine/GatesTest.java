package dev.tandem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ContractPolicy;
import dev.tandem.GateVerdict;
import dev.tandem.InstanceStatus;
import dev.tandem.MigrationState;
import dev.tandem.spi.MigrationRecord;
import dev.tandem.spi.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract and rollback gates, decided without a server from a record, the live fleet and the policy. */
class GatesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Instant EXPANDED_AT = NOW.minus(Duration.ofMinutes(10));

    private static MigrationRecord record(MigrationState state, Phase phase) {
        return record("2", state, phase);
    }

    private static MigrationRecord record(String version, MigrationState state, Phase phase) {
        return new MigrationRecord(version, "add email", "V" + version + "__add_email.yaml", 7, state, phase, 1, 0, null,
                "1.0@h", "1.0", EXPANDED_AT, null, null);
    }

    private static InstanceStatus instance(String id, String appVersion, String... known) {
        return new InstanceStatus(id, appVersion, "web-" + id, 42, Set.of(known),
                known.length == 0 ? null : known[known.length - 1], NOW, NOW, 60);
    }

    @Test
    void opensWhenReadyAndEveryLiveInstanceKnowsIt() {
        GateVerdict gate = Gates.contract("2", record(MigrationState.READY, Phase.BACKFILL), List.of(),
                List.of(instance("a", "2.0", "1", "2"), instance("b", "2.0", "1", "2.0")), NOW, ContractPolicy.none());
        assertThat(gate.open()).as("2 and 2.0 are one version").isTrue();
    }

    @Test
    void staysClosedWhileAnInstanceDoesNotKnowIt() {
        GateVerdict gate = Gates.contract("2", record(MigrationState.READY, Phase.BACKFILL), List.of(),
                List.of(instance("a", "2.0", "1", "2"), instance("b", "1.0", "1")), NOW, ContractPolicy.none());
        assertThat(gate.open()).isFalse();
        assertThat(gate.reasons()).singleElement().asString().contains("does not know migration 2 (it knows up to 1)");
    }

    @Test
    void staysClosedUntilExpandAndBackfillAreDone() {
        GateVerdict gate = Gates.contract("2", record(MigrationState.BACKFILLING, Phase.BACKFILL), List.of(), List.of(), NOW,
                ContractPolicy.none());
        assertThat(gate.reasons()).containsExactly(
                "migration 2 is BACKFILLING, not READY: its expand and backfill must be done first");
        assertThat(Gates.contract("2", null, List.of(), List.of(), NOW, ContractPolicy.none()).reasons())
                .containsExactly("migration 2 is PENDING, not READY: its expand and backfill must be done first");
    }

    @Test
    void staysClosedWhileAnotherMigrationsBackfillIsUnfinished() {
        MigrationRecord two = record(MigrationState.READY, Phase.BACKFILL);
        for (MigrationRecord three : List.of(record("3", MigrationState.EXPANDED, Phase.EXPAND),
                record("3", MigrationState.BACKFILLING, Phase.BACKFILL), record("3", MigrationState.FAILED, Phase.BACKFILL))) {
            assertThat(Gates.contract("2", two, List.of(two, three), List.of(), NOW, ContractPolicy.none()).reasons())
                    .as("3 is %s", three.state()).singleElement().asString()
                    .startsWith("the backfill of migration 3 is not done (" + three.state() + "): a copy it builds may need");
        }
        for (MigrationRecord three : List.of(record("3", MigrationState.READY, Phase.BACKFILL),
                record("3", MigrationState.FAILED, Phase.EXPAND), record("3", MigrationState.COMPLETED, Phase.CONTRACT),
                record("3", MigrationState.FAILED, Phase.CONTRACT), record("3", MigrationState.ROLLED_BACK, Phase.ROLLBACK))) {
            assertThat(Gates.contract("2", two, List.of(two, three), List.of(), NOW, ContractPolicy.none()).open())
                    .as("3 is %s in %s", three.state(), three.phase()).isTrue();
        }
    }

    @Test
    void anInterruptedContractMayBeResumedAndACompletedOneNotRepeated() {
        assertThat(Gates.contract("2", record(MigrationState.FAILED, Phase.CONTRACT), List.of(), List.of(), NOW,
                ContractPolicy.none()).open()).isTrue();
        assertThat(Gates.contract("2", record(MigrationState.CONTRACTING, Phase.CONTRACT), List.of(), List.of(), NOW,
                ContractPolicy.none()).open()).isTrue();
        assertThat(Gates.contract("2", record(MigrationState.FAILED, Phase.BACKFILL), List.of(), List.of(), NOW,
                ContractPolicy.none()).open()).isFalse();
        assertThat(Gates.contract("2", record(MigrationState.COMPLETED, Phase.CONTRACT), List.of(), List.of(), NOW,
                ContractPolicy.none()).reasons()).containsExactly("migration 2 is already contracted");
    }

    @Test
    void thePolicyWaitsItsMinimumAgeAndChecksAppVersions() {
        ContractPolicy policy = ContractPolicy.none().minimumAge(Duration.ofMinutes(30)).appVersionAtLeast("2.0");
        GateVerdict gate = Gates.contract("2", record(MigrationState.READY, Phase.BACKFILL), List.of(),
                List.of(instance("a", "1.9", "2")), NOW, policy);
        assertThat(gate.reasons()).hasSize(2);
        assertThat(gate.reasons().get(0)).contains("runs app 1.9");
        assertThat(gate.reasons().get(1)).contains("waits PT30M", "(1200 s from now)");
    }

    @Test
    void rollbackIgnoresTheCallerButNotOthersThatKnowIt() {
        List<InstanceStatus> live = List.of(instance("me", "2.0", "2"), instance("old", "1.0", "1"));
        assertThat(Gates.rollback("2", live, "me").open()).isTrue();
        GateVerdict gate = Gates.rollback("2", List.of(instance("me", "2.0", "2"), instance("peer", "2.0", "2")), "me");
        assertThat(gate.reasons()).singleElement().asString().contains("knows migration 2 and may use what the rollback removes");
    }
}
