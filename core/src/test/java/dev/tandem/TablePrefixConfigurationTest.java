package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** tablePrefix: set, from the environment, or the default; checked at load(), which connects to nothing. */
class TablePrefixConfigurationTest {

    private static TandemConfiguration configured() {
        return Tandem.configure().url("jdbc:mysql://db:3306/shop");
    }

    @Test
    void byDefaultTheTablesAreTandems() {
        assertThat(configured().load().tableNames().all())
                .containsExactly("tandem_migrations", "tandem_instances", "tandem_backfill");
    }

    @Test
    void thePrefixComesFromTheConfigurationOrElseTheEnvironment() {
        Map<String, String> env = Map.of("TANDEM_TABLE_PREFIX", "env_");
        assertThat(configured().fromEnvironment(env).load().tableNames().migrations()).isEqualTo("env_migrations");
        assertThat(configured().tablePrefix("set_").fromEnvironment(env).load().tableNames().migrations())
                .as("set before").isEqualTo("set_migrations");
        assertThat(configured().fromEnvironment(env).tablePrefix("set_").load().tableNames().migrations())
                .as("set after").isEqualTo("set_migrations");
        assertThat(configured().fromEnvironment(Map.of("TANDEM_TABLE_PREFIX", " ")).load().tableNames().migrations())
                .as("a blank variable counts as unset, like the others").isEqualTo("tandem_migrations");
    }

    @Test
    void anUnusablePrefixIsRefusedAtLoadNamingWhereItCameFrom() {
        assertThatThrownBy(() -> configured().tablePrefix("my-app_").load()).isInstanceOf(TandemException.class)
                .hasMessage("tablePrefix 'my-app_' may hold only letters (A-Z, a-z), digits, _ and $ (it starts the"
                        + " names of Tandem's tables, e.g. tandem_migrations)");
        assertThatThrownBy(() -> configured().fromEnvironment(Map.of("TANDEM_TABLE_PREFIX", "p".repeat(55))).load())
                .isInstanceOf(TandemException.class).hasMessageStartingWith("TANDEM_TABLE_PREFIX '" + "p".repeat(55)
                        + "' is too long");
        assertThatThrownBy(() -> configured().tablePrefix("").load()).hasMessageStartingWith("tablePrefix '' is empty");
    }
}
