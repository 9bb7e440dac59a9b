package dev.tandem.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the auto-configuration decides before any database is reached (the ITs start real servers). */
class TandemAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TandemAutoConfiguration.class, TandemActuatorAutoConfiguration.class));

    @Test
    void tandemEnabledFalseCreatesNothing() {
        runner.withPropertyValues("tandem.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Tandem.class);
            assertThat(context).doesNotHaveBean(TandemInitializer.class);
            assertThat(context).doesNotHaveBean(TandemEndpoint.class);
        });
    }

    @Test
    void flywayBesideTandemIsRefusedBeforeEitherRuns() {
        runner.withBean("flyway", Flyway.class, () -> {
            throw new AssertionError("the Flyway bean must not even be created");
        }).run(context -> assertThat(context).getFailure()
                .hasMessageContaining("Tandem and Flyway would both migrate")
                .hasMessageContaining("spring.flyway.enabled=false"));
    }

    @Test
    void withoutADatabaseItSaysWhichPropertiesToSet() {
        runner.run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("set spring.datasource.url")
                .hasMessageContaining("tandem.enabled=false"));
    }

    @Test
    void tandemsOwnUrlWinsOverTheApplications() {
        JdbcConnectionDetails app = details("jdbc:mysql://app-db:3306/app");
        TandemProperties properties = new TandemProperties();
        properties.setUrl("jdbc:mysql://tandem-db:3306/app");
        assertThat(ConfigurationFactory.configuration(properties, app, null, List.of(), List.of(), getClass().getClassLoader())
                .toString()).contains("tandem-db").doesNotContain("app-db");
        assertThat(ConfigurationFactory.configuration(new TandemProperties(), app, null, List.of(), List.of(),
                getClass().getClassLoader()).toString()).contains("app-db").doesNotContain("secret");
    }

    /**
     * The properties' defaults are the library's: every option of a configuration built from untouched
     * properties equals that of {@code Tandem.configure()}, field by field, so a new default in core fails here.
     */
    @Test
    void propertyDefaultsAreTheLibrarysDefaults() throws Exception {
        TandemConfiguration library = Tandem.configure();
        TandemConfiguration fromProperties = ConfigurationFactory.configuration(new TandemProperties(),
                details("jdbc:mysql://db:3306/app"), null, List.of(), List.of(), Thread.currentThread().getContextClassLoader());
        Set<String> notOptions = Set.of("dataSource", "url", "user", "password", "tablePrefixGivenBy", "stepHook");
        int compared = 0;
        for (Field field : TandemConfiguration.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || notOptions.contains(field.getName())) {
                continue;
            }
            field.setAccessible(true);
            Object expected = field.get(library);
            Object actual = field.get(fromProperties);
            if (field.getName().equals("tablePrefix")) {
                expected = expected == null ? "tandem_" : expected;
            }
            assertThat(actual).as(field.getName()).isEqualTo(expected);
            compared++;
        }
        assertThat(compared).as("options compared").isGreaterThan(20);
    }

    private static JdbcConnectionDetails details(String url) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "app";
            }

            @Override
            public String getPassword() {
                return "secret";
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        };
    }
}
