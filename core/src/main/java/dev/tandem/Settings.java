package dev.tandem;

import dev.tandem.internal.engine.StepHook;
import dev.tandem.spi.DdlPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.tandem.internal.move.Endpoint;
import dev.tandem.internal.move.MoveSettings;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The configuration as {@link TandemConfiguration#load()} checked and copied it: a loaded {@link Tandem}
 * reads only this, so later calls on the {@link TandemConfiguration} change nothing it does. See
 * {@link TandemConfiguration} for what each option means.
 *
 * @param contractPolicies the per-migration policies, by version (a sorted map: {@code 2.0} finds {@code 2})
 * @param autoContractDelay null when autoContract is off
 * @param move             how this instance takes part in a move of the database
 */
record Settings(DataSource dataSource, String url, String user, String password, String appVersion,
                List<String> locations, boolean waitForReady, Duration lockTimeout, String flywayTable,
                TableNames tableNames, int poolSize, ClassLoader classLoader, DdlPolicy ddlPolicy,
                Duration heartbeatInterval, Duration instanceTtl, ContractPolicy contractPolicy,
                Map<MigrationVersion, ContractPolicy> contractPolicies, Duration autoContractDelay,
                List<ThrottleSignal> throttleSignals, int maxThreadsRunning, List<DataSource> replicas,
                boolean discoverReplicas, Duration maxReplicaLag, Duration backfillChunkTarget, double maxForegroundSlowdown,
                boolean latencyProbe, double maxCheckpointAge,
                List<TandemListener> listeners, StepHook stepHook, MoveSettings move) {

    /** The database as configured: the server this instance connects to first. */
    Endpoint database() {
        return new Endpoint("the database", url, user, password, dataSource);
    }

    /** The contract policy of migration {@code version}: its own, else the default one. */
    ContractPolicy contractPolicy(String version) {
        return contractPolicies.getOrDefault(MigrationVersion.fromVersion(version), contractPolicy);
    }

    @Override
    public String toString() {
        // The record's own toString would print the password.
        return "Settings[appVersion=" + appVersion + ", locations=" + locations + "]";
    }
}
