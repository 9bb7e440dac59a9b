package dev.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TestServersTest {

    private static final Map<String, String> NO_DOCKER = Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock");

    @Test
    void defaultsToBothEmbeddedServersWhenNoDockerAnswers() {
        assertThat(TestServers.choose(NO_DOCKER, null)).extracting(DatabaseServer::id)
                .containsExactly("mariadb-embedded", "mysql-embedded");
    }

    @Test
    void addsExternalServersWhoseUrlIsSet() {
        Map<String, String> env = Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock",
                "TANDEM_TEST_MYSQL_URL", "jdbc:mysql://db.example:3306/ignored?useSSL=true",
                "TANDEM_TEST_MYSQL_USER", "admin");
        DatabaseServer external = TestServers.choose(env, null).get(2);

        assertThat(external.id()).isEqualTo("mysql-external");
        assertThat(external.jdbcUrl("t1")).isEqualTo("jdbc:mysql://db.example:3306/t1?useSSL=true");
        assertThat(external.user()).isEqualTo("admin");
        assertThat(external.password()).isEmpty();
    }

    @Test
    void anExplicitListChoosesExactlyThoseServers() {
        assertThat(TestServers.choose(NO_DOCKER, " mysql-embedded ")).extracting(DatabaseServer::id)
                .containsExactly("mysql-embedded");
    }

    @Test
    void anUnknownServerIdIsRefusedWithTheKnownIds() {
        assertThatThrownBy(() -> TestServers.choose(NO_DOCKER, "postgres-embedded"))
                .hasMessageContaining("Unknown test server 'postgres-embedded'")
                .hasMessageContaining("mariadb-embedded, mysql-embedded, mariadb-container, mysql-container");
    }

    @Test
    void anExternalUrlThatIsNotJdbcIsRefused() {
        assertThatThrownBy(() -> TestServers.choose(Map.of("TANDEM_TEST_MARIADB_URL", "db.example:3306"), "mariadb-embedded"))
                .hasMessageContaining("TANDEM_TEST_MARIADB_URL must be a JDBC URL");
    }

    @Test
    void dockerProbeSaysWhyThereIsNoEngine() {
        assertThat(DockerProbe.whyUnavailable(NO_DOCKER)).isEqualTo("no Docker socket at /nonexistent/docker.sock");
    }

    @Test
    void flavorIsToldFromTheVersionString() {
        assertThat(Flavor.ofVersionString("11.4.5-MariaDB-log")).isEqualTo(Flavor.MARIADB);
        assertThat(Flavor.ofVersionString("8.0.31")).isEqualTo(Flavor.MYSQL);
    }
}
