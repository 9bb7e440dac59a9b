package dev.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * Runs that share a server keep to their own names, and a name taken is no one's to drop: by pid alone two
     * containers' runs (the same pid) named their databases alike, and the second dropped the first's.
     */
    @ServerTest
    void aDatabaseNamedAsAnotherRunsIsNeverDroppedForANewOne(DatabaseServer server) throws SQLException {
        String next;
        try (TestDatabase first = TestDatabase.create(server)) {
            assertThat(first.name()).matches("tandem_test_[0-9a-z]{8}_\\d+");
            int n = Integer.parseInt(first.name().substring(first.name().lastIndexOf('_') + 1));
            next = first.name().substring(0, first.name().lastIndexOf('_') + 1) + (n + 1);
        }
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + next + "`");
            try {
                s.execute("CREATE TABLE `" + next + "`.kept (id INT PRIMARY KEY)");
                assertThatThrownBy(() -> TestDatabase.create(server)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("database exists");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                        + next + "' AND table_name = 'kept'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the other run's table").isEqualTo(1);
                }
            } finally {
                s.execute("DROP DATABASE `" + next + "`");
            }
        }
    }
}
