package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.spi.DdlPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** load() checks every option at once, with one exception type, and freezes what it loaded; it connects to nothing. */
class ConfigurationLoadTest {

    private static TandemConfiguration configured() {
        return Tandem.configure().url("jdbc:example://db/shop");
    }

    @Test
    void aSingleProblemIsTheWholeMessage() {
        assertThatThrownBy(() -> configured().poolSize(3).load()).isExactlyInstanceOf(TandemConfigurationException.class)
                .hasMessage("poolSize must be at least 4 (a copy's backfill holds its lock, writes its chunks and verifies"
                        + " beside them, and its throttle signals need a fourth), not 3");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        TandemConfiguration bad = Tandem.configure().poolSize(1).heartbeatInterval(Duration.ZERO)
                .maxThreadsRunning(0).backfillChunkTarget(Duration.ofSeconds(9)).ddlLockWaitTimeout(Duration.ofMillis(10))
                .maxReplicaLag(Duration.ofSeconds(-1)).copyExpandThreshold(-1).locations();
        assertThatThrownBy(bad::load).isInstanceOfSatisfying(TandemConfigurationException.class, e -> {
            assertThat(e.problems()).hasSize(9);
            assertThat(e.getMessage()).startsWith("The configuration has 9 problems:\n  - ")
                    .contains("poolSize must be at least 4", "heartbeatInterval must be positive, not PT0S",
                            "maxThreadsRunning must be at least 1, not 0", "backfillChunkTarget must be between 50 ms and 5 s, not PT9S",
                            "ddlLockWaitTimeout must be at least 1 s", "maxReplicaLag must not be negative",
                            "locations: at least one location is needed", "No database configured",
                            "copyExpandThreshold must not be negative (0 copies every table that can be copied), not -1");
        });
    }

    @Test
    void aLatencyProbeNeedsTheLatencySignalOn() {
        assertThatThrownBy(() -> configured().latencyProbe(true).maxForegroundSlowdown(0).load())
                .isInstanceOf(TandemConfigurationException.class)
                .hasMessage("latencyProbe needs maxForegroundSlowdown above 0: the probe's latency is held to it, and 0"
                        + " turns the latency signal off");
        assertThat(configured().latencyProbe(true).load()).isNotNull();
    }

    @Test
    void maxCheckpointAgeIsAShareOfTheRedoLogOrOff() {
        for (double share : new double[] {-0.1, 0.01, 0.8, 30}) {
            assertThatThrownBy(() -> configured().maxCheckpointAge(share).load())
                    .isInstanceOf(TandemConfigurationException.class)
                    .hasMessage("maxCheckpointAge must be between 0.05 and 0.75 (a share of the redo log's capacity), or 0"
                            + " (off), not " + share);
        }
        for (double share : new double[] {0, 0.05, 0.3, 0.75}) {
            assertThat(configured().maxCheckpointAge(share).load()).isNotNull();
        }
    }

    @Test
    void copyThreadsTakeTwoWhereThePoolLeavesRoomAndMustFitAPoolGiven() {
        assertThat(configured().validated().ddlPolicy().copyThreads()).as("the default pool of 5").isEqualTo(2);
        assertThat(configured().poolSize(4).validated().ddlPolicy().copyThreads()).as("a pool of 4: one writer")
                .isEqualTo(1);
        assertThat(configured().poolSize(8).copyThreads(5).validated().ddlPolicy().copyThreads()).isEqualTo(5);
        assertThat(configured().copyThreads(6).validated().poolSize()).as("a pool not given grows to the writers").isEqualTo(9);
        assertThat(configured().copyThreads(1).validated().poolSize()).as("never below its default").isEqualTo(5);
        assertThatThrownBy(() -> configured().poolSize(5).copyThreads(3).load()).isInstanceOf(TandemConfigurationException.class)
                .hasMessage("poolSize (5) must be at least copyThreads + 3 (6): a copy's writers each hold a connection"
                        + " beside the lock, the verification and the throttle signals'; raise poolSize or lower copyThreads");
        for (int threads : new int[] {0, -1, 17}) {
            assertThatThrownBy(() -> configured().poolSize(30).copyThreads(threads).load())
                    .isInstanceOf(TandemConfigurationException.class)
                    .hasMessage("copyThreads must be between 1 and 16, not " + threads);
        }
    }

    @Test
    void theContractDropsTheTablesCopiesReplacedUnlessAskedToKeepThem() {
        assertThat(configured().validated().ddlPolicy().keepReplacedTables()).isFalse();
        assertThat(configured().keepReplacedTables(true).validated().ddlPolicy().keepReplacedTables()).isTrue();
        assertThat(configured().keepReplacedTables(true).copyThreads(1).validated().ddlPolicy())
                .as("beside the other copy options").extracting(DdlPolicy::copyThreads, DdlPolicy::keepReplacedTables)
                .containsExactly(1, true);
    }

    @Test
    void nullsAreRefusedAtLoadNotWhenSet() {
        TandemConfiguration nulls = configured().appVersion(null).lockTimeout(null).listener(null).contractPolicy(null);
        assertThatThrownBy(nulls::load).isInstanceOfSatisfying(TandemConfigurationException.class, e ->
                assertThat(e.problems()).containsExactly("appVersion must not be null", "lockTimeout must not be null",
                        "contractPolicy must not be null", "listener was given null"));
    }

    @Test
    void aPolicyForAVersionThatIsNoVersionIsRefused() {
        assertThatThrownBy(() -> configured().contractPolicy("not a version", ContractPolicy.none()).load())
                .isInstanceOf(TandemConfigurationException.class)
                .hasMessageStartingWith("contractPolicy(\"not a version\", ...) names no valid migration version");
    }

    @Test
    void theTtlMustCoverTwoHeartbeats() {
        assertThatThrownBy(() -> configured().heartbeatInterval(Duration.ofSeconds(40)).load())
                .isInstanceOf(TandemConfigurationException.class)
                .hasMessage("instanceTtl (PT1M) must be at least twice heartbeatInterval (PT40S), or one late heartbeat"
                        + " makes a live instance look dead");
    }

    @Test
    void whatWasLoadedNoLongerChangesWithTheConfiguration() {
        TandemConfiguration configuration = configured().appVersion("1.0").tablePrefix("one_")
                .contractPolicy("2.0", ContractPolicy.none().minimumAge(Duration.ofHours(1)));
        Settings loaded = configuration.validated();
        configuration.appVersion("2.0").tablePrefix("two_").poolSize(9).contractPolicy("2", ContractPolicy.none());
        assertThat(loaded.appVersion()).isEqualTo("1.0");
        assertThat(loaded.tableNames().migrations()).isEqualTo("one_migrations");
        assertThat(loaded.poolSize()).isEqualTo(5);
        assertThat(loaded.ddlPolicy().copyThreshold()).as("the default").isEqualTo(500_000);
        assertThat(loaded.contractPolicy("2").minimumAge()).as("1.0 and 2.0.0 name one version").isEqualTo(Duration.ofHours(1));
        assertThat(loaded.contractPolicy("3").minimumAge()).as("the default policy").isZero();
    }

    @Test
    void theSettingsNeverPrintThePassword() {
        Settings loaded = configured().user("app").password("s3cret").validated();
        assertThat(loaded.toString()).doesNotContain("s3cret");
    }
}
