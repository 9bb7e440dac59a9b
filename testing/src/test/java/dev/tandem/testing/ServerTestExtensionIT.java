package dev.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs a sample test class through JUnit and checks what the extension did around it. */
class ServerTestExtensionIT {

    private static final String SAMPLE = "tandem.sample.enabled";
    /** Database name -> server id, recorded by the sample tests while they run. */
    private static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @EnabledIfSystemProperty(named = SAMPLE, matches = "true")
    static class Sample {

        @ServerTest
        void first(TestDatabase db) throws SQLException {
            recordFreshDatabase(db);
        }

        @ServerTest
        void second(TestDatabase db) throws SQLException {
            recordFreshDatabase(db);
        }

        private static void recordFreshDatabase(TestDatabase db) throws SQLException {
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"))
                    .isEqualTo(0L);
            db.execute("CREATE TABLE leftover (id INT PRIMARY KEY)");
            SEEN.put(db.name(), db.server().id());
        }
    }

    @Test
    void runsEachTestOncePerServerInAFreshDatabaseAndDropsItAfterwards() throws SQLException {
        List<DatabaseServer> servers = TestServers.configured();
        System.setProperty(SAMPLE, "true");
        Events tests;
        try {
            tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Sample.class)).execute().testEvents();
        } finally {
            System.clearProperty(SAMPLE);
        }

        tests.assertStatistics(stats -> stats.started(2L * servers.size()).succeeded(2L * servers.size()));
        assertThat(SEEN).hasSize(2 * servers.size());
        for (DatabaseServer server : servers) {
            assertThat(tests.started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                    .filteredOn(name -> name.equals("[" + server.label() + "]"))
                    .hasSize(2);
            try (Connection c = server.adminConnection();
                 ResultSet rs = c.createStatement().executeQuery("SHOW DATABASES LIKE 'tandem\\_test\\_%'")) {
                while (rs.next()) {
                    assertThat(SEEN).as("databases left behind on " + server.label()).doesNotContainKey(rs.getString(1));
                }
            }
        }
    }
}
