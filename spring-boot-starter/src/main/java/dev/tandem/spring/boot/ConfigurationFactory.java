package dev.tandem.spring.boot;

import dev.tandem.ContractPolicy;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.TandemListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Turns the {@code tandem.*} properties, the application's connection details and build info, its
 * listener and customizer beans into a {@link TandemConfiguration}: the library checks it all at once.
 */
final class ConfigurationFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationFactory.class);
    static final String UNKNOWN_VERSION = "unknown";

    private ConfigurationFactory() {
    }

    static TandemConfiguration configuration(TandemProperties properties, JdbcConnectionDetails connection,
                                             BuildProperties build, List<TandemListener> listeners,
                                             List<TandemConfigurationCustomizer> customizers, ClassLoader classLoader) {
        TandemConfiguration configuration = Tandem.configure().classLoader(classLoader);
        Account account = connect(configuration, properties, connection);
        move(configuration, properties, account);
        String appVersion = appVersion(properties, build);
        if (UNKNOWN_VERSION.equals(appVersion)) {
            LOG.warn("tandem.app-version is not set and the application has no build info (the build-info goal of"
                    + " spring-boot-maven-plugin writes it): this instance registers as app version '{}', which the"
                    + " fleet's gates cannot tell from other versions.", UNKNOWN_VERSION);
        }
        configuration.appVersion(appVersion)
                .locations(properties.getLocations() == null ? null : properties.getLocations().toArray(String[]::new))
                .waitForReady(properties.isWaitForReady())
                .lockTimeout(properties.getLockTimeout())
                .flywayTable(properties.getFlywayTable())
                .tablePrefix(properties.getTablePrefix())
                .poolSize(properties.getPoolSize())
                .ddlLockWaitTimeout(properties.getDdlLockWaitTimeout())
                .ddlRetryBudget(properties.getDdlRetryBudget())
                .heartbeatInterval(properties.getHeartbeatInterval())
                .instanceTtl(properties.getInstanceTtl())
                .autoContract(properties.getAutoContract())
                .maxThreadsRunning(properties.getMaxThreadsRunning())
                .discoverReplicas(properties.isDiscoverReplicas())
                .maxReplicaLag(properties.getMaxReplicaLag())
                .backfillChunkTarget(properties.getBackfillChunkTarget())
                .copyExpandThreshold(properties.getCopyExpandThreshold())
                .keepReplacedTables(properties.isKeepReplacedTables())
                .maxForegroundSlowdown(properties.getMaxForegroundSlowdown())
                .maxCheckpointAge(properties.getMaxCheckpointAge())
                .latencyProbe(properties.isLatencyProbe())
                .contractPolicy(contractPolicy(properties.getContract()));
        if (properties.getCopyThreads() != null) {
            configuration.copyThreads(properties.getCopyThreads());
        }
        listeners.forEach(configuration::listener);
        customizers.forEach(customizer -> customizer.customize(configuration));
        return configuration;
    }

    /** The URL of the database Tandem migrates: its own when given, else the application's; null when neither is. */
    static String databaseUrl(TandemProperties properties, JdbcConnectionDetails connection) {
        if (properties.getUrl() != null) {
            return properties.getUrl();
        }
        return connection == null ? null : connection.getJdbcUrl();
    }

    /** The account Tandem connects to the database with. */
    private record Account(String user, String password) {
    }

    /** Tandem's own URL when given; otherwise the application's, with its user and password. */
    private static Account connect(TandemConfiguration configuration, TandemProperties properties,
                                   JdbcConnectionDetails connection) {
        Account account;
        if (properties.getUrl() != null) {
            configuration.url(properties.getUrl());
            account = new Account(properties.getUser(), properties.getPassword());
        } else if (connection != null && connection.getJdbcUrl() != null) {
            configuration.url(databaseUrl(properties, connection));
            account = new Account(properties.getUser() != null ? properties.getUser() : connection.getUsername(),
                    properties.getPassword() != null ? properties.getPassword() : connection.getPassword());
        } else {
            throw new IllegalStateException("Tandem needs the database to migrate: set spring.datasource.url (with"
                    + " spring.datasource.username and password), or tandem.url, tandem.user and tandem.password;"
                    + " or turn Tandem off with tandem.enabled=false.");
        }
        configuration.user(account.user()).password(account.password());
        return account;
    }

    /**
     * The move's settings. The target's user unset, the database's account is used: the application's accounts
     * must exist on the target anyway (a move copies no users), and one account keeps one password to rotate.
     */
    private static void move(TandemConfiguration configuration, TandemProperties properties, Account database) {
        TandemProperties.MoveTarget target = properties.getMoveTarget();
        if (target.getUrl() != null && !target.getUrl().isBlank()) {
            boolean ownUser = target.getUser() != null;
            configuration.moveTarget(target.getUrl(), ownUser ? target.getUser() : database.user(),
                    ownUser ? target.getPassword() : database.password());
        }
        if (properties.getReplicationUser() != null) {
            configuration.replicationUser(properties.getReplicationUser(), properties.getReplicationPassword());
        }
        configuration.maxPause(properties.getMaxPause()).holdGrace(properties.getHoldGrace());
    }

    /** tandem.app-version, else the build info's version, else {@value #UNKNOWN_VERSION} (the library's default). */
    static String appVersion(TandemProperties properties, BuildProperties build) {
        if (properties.getAppVersion() != null && !properties.getAppVersion().isBlank()) {
            return properties.getAppVersion();
        }
        if (build != null && build.getVersion() != null) {
            return build.getVersion();
        }
        return UNKNOWN_VERSION;
    }

    private static ContractPolicy contractPolicy(TandemProperties.Contract contract) {
        ContractPolicy policy = ContractPolicy.none();
        if (contract.getMinimumAge() != null) {
            policy = policy.minimumAge(contract.getMinimumAge());
        }
        if (contract.getAppVersionAtLeast() != null && !contract.getAppVersionAtLeast().isBlank()) {
            policy = policy.appVersionAtLeast(contract.getAppVersionAtLeast());
        }
        return policy;
    }
}
