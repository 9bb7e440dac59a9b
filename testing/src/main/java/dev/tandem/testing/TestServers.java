package dev.tandem.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers integration tests run on, each started at most once per JVM and stopped when the JVM
 * exits (a {@link ProcessLifeline} covers the exits that skip shutdown hooks).
 *
 * <p>Which servers: {@code TANDEM_TEST_SERVERS} (environment) or {@code tandem.test.servers}
 * (system property), a comma-separated list of ids such as {@code mariadb-embedded,mysql-embedded}.
 * Unset, it is both embedded servers, plus both containers when a Docker engine answers, plus each
 * external server whose URL is set.
 */
public final class TestServers {

    private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);

    private static final Map<String, DatabaseServer> STARTED = new LinkedHashMap<>();
    private static final Map<String, RuntimeException> FAILED = new LinkedHashMap<>();
    private static List<DatabaseServer> configured;

    private TestServers() {
    }

    /** The servers this run uses, not yet started. */
    public static synchronized List<DatabaseServer> configured() {
        if (configured == null) {
            configured = choose(System.getenv(), System.getProperty("tandem.test.servers"));
            Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stopAll, "tandem-test-servers-stop"));
            LOG.info("Test servers: {}", configured.stream().map(DatabaseServer::id).collect(Collectors.joining(", ")));
        }
        return configured;
    }

    static List<DatabaseServer> choose(Map<String, String> env, String property) {
        String wanted = property != null ? property : env.get("TANDEM_TEST_SERVERS");
        List<DatabaseServer> candidates = new ArrayList<>(List.of(new EmbeddedMariaDb(), new EmbeddedMySql(),
                new ContainerServer(Flavor.MARIADB), new ContainerServer(Flavor.MYSQL)));
        for (Flavor flavor : Flavor.values()) {
            ExternalServer external = ExternalServer.fromEnvironment(flavor, env);
            if (external != null) {
                candidates.add(external);
            }
        }
        Map<String, DatabaseServer> all = new LinkedHashMap<>();
        candidates.forEach(s -> all.put(s.id(), s));
        if (wanted != null && !wanted.isBlank()) {
            List<DatabaseServer> chosen = new ArrayList<>();
            for (String id : wanted.split(",")) {
                DatabaseServer server = all.get(id.strip());
                if (server == null) {
                    throw new IllegalArgumentException("Unknown test server '" + id.strip() + "' in TANDEM_TEST_SERVERS; known: "
                            + String.join(", ", all.keySet()) + " (external ones need TANDEM_TEST_<FLAVOR>_URL)");
                }
                chosen.add(server);
            }
            return chosen;
        }
        List<DatabaseServer> chosen = new ArrayList<>();
        chosen.add(all.get("mariadb-embedded"));
        chosen.add(all.get("mysql-embedded"));
        String noDocker = DockerProbe.whyUnavailable(env);
        if (noDocker == null) {
            chosen.add(all.get("mariadb-container"));
            chosen.add(all.get("mysql-container"));
        } else {
            LOG.info("Skipping the Testcontainers servers: {}", noDocker);
        }
        all.values().stream().filter(s -> s.kind() == DatabaseServer.Kind.EXTERNAL).forEach(chosen::add);
        return chosen;
    }

    /**
     * {@code server}, started. A server that failed to start fails every test that asks for it with
     * the same cause, without trying to start it again.
     */
    public static synchronized DatabaseServer started(DatabaseServer server) {
        Objects.requireNonNull(server);
        RuntimeException failure = FAILED.get(server.id());
        if (failure != null) {
            throw failure;
        }
        if (!STARTED.containsKey(server.id())) {
            try {
                server.start();
                STARTED.put(server.id(), server);
                server.verifyIdentity();
                LOG.info("Test server ready: {}", server.label());
            } catch (Exception e) {
                IllegalStateException wrapped = new IllegalStateException("Test server " + server.id() + " could not start: " + e.getMessage(), e);
                FAILED.put(server.id(), wrapped);
                throw wrapped;
            }
        }
        return server;
    }

    /** Stops every server this JVM started; also runs as a shutdown hook. */
    public static synchronized void stopAll() {
        List<DatabaseServer> servers = new ArrayList<>(STARTED.values());
        STARTED.clear();
        servers.forEach(DatabaseServer::stop);
    }
}
