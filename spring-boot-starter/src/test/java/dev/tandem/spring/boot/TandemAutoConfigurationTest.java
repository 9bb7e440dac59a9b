package dev.tandem.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
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

    @Test
    void theApplicationsDataSourceFollowsMovesOnlyWithAMoveTargetOrWhenAskedTo() {
        ApplicationContextRunner withADatabase = runner
                .withBean(JdbcConnectionDetails.class, () -> details("jdbc:mysql://db:3306/app"))
                .withBean("tandemInitializer", TandemInitializer.class, ConnectingNowhere::new);
        withADatabase.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MoveFollowing.class));
        withADatabase.withPropertyValues("tandem.move-target.url=jdbc:mysql://new-db:3306/app")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MoveFollowing.class));
        withADatabase.withPropertyValues("tandem.move-target.url=jdbc:mysql://new-db:3306/app", "tandem.follow-moves=false")
                .run(context -> assertThat(context).doesNotHaveBean(MoveFollowing.class));
        withADatabase.withPropertyValues("tandem.follow-moves=true")
                .run(context -> assertThat(context).hasSingleBean(MoveFollowing.class));
        withADatabase.withPropertyValues("tandem.move-target.url=")
                .run(context -> assertThat(context).doesNotHaveBean(MoveFollowing.class));
    }

    /**
     * A second HikariCP pool, of another database (reporting), is left alone: it used to follow moves too, held at a
     * cut-over and switched to the moving database's new server, its queries sent to the wrong database.
     */
    @Test
    void aPoolOfAnotherDatabaseDoesNotFollowMoves() {
        runner.withBean(JdbcConnectionDetails.class, () -> details("jdbc:mysql://db:3306/app"))
                .withBean("tandemInitializer", TandemInitializer.class, ConnectingNowhere::new)
                .withBean("reporting", HikariDataSource.class, () -> {
                    HikariDataSource reporting = new HikariDataSource();
                    reporting.setJdbcUrl("jdbc:mysql://reports-db:3306/reports");
                    return reporting;
                })
                .withPropertyValues("tandem.move-target.url=jdbc:mysql://new-db:3306/app", "tandem.tag-data-source=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("reporting")).as("as it was: not lent through Tandem")
                            .isExactlyInstanceOf(HikariDataSource.class);
                });
    }

    @Test
    void twoUrlsOfOneDatabaseNameItAlike() {
        assertThat(ApplicationDatabase.where("jdbc:mysql://db/app")).isEqualTo(ApplicationDatabase.where("jdbc:mariadb://user:pw@DB:3306/app?useSSL=true"))
                .isEqualTo("db:3306/app");
        assertThat(ApplicationDatabase.where("jdbc:mysql://db:3306/reports")).isNotEqualTo(ApplicationDatabase.where("jdbc:mysql://db:3306/app"));
        assertThat(ApplicationDatabase.where("jdbc:mysql://db:3307/app")).isNotEqualTo(ApplicationDatabase.where("jdbc:mysql://db/app"));
    }

    /**
     * A pool of a database of another kind is not tagged: a PostgreSQL pool given MySQL's SET @tandem_version failed
     * every connection. Any MySQL pool is, whatever its address: the migrated database under another address left
     * untagged would have its writes taken for old code's.
     */
    @Test
    void aPoolOfAnotherKindOfDatabaseIsNotTagged() {
        runner.withBean(JdbcConnectionDetails.class, () -> details("jdbc:mysql://db:3306/app"))
                .withBean("tandemInitializer", TandemInitializer.class, ConnectingNowhere::new)
                .withBean("analytics", HikariDataSource.class, () -> {
                    HikariDataSource analytics = new HikariDataSource();
                    analytics.setJdbcUrl("jdbc:postgresql://analytics-db:5432/events");
                    return analytics;
                })
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(((HikariDataSource) context.getBean("analytics")).getConnectionInitSql()).isNull();
                });
        assertThat(ApplicationDatabase.ofAnotherKind("jdbc:postgresql://analytics-db/events")).isTrue();
        assertThat(ApplicationDatabase.ofAnotherKind("jdbc:mysql://127.0.0.1/app")).isFalse();
        assertThat(ApplicationDatabase.ofAnotherKind("jdbc:mariadb://db/app")).isFalse();
        assertThat(ApplicationDatabase.ofAnotherKind(null)).as("a pool given no URL may be MySQL's").isFalse();
    }

    /**
     * An application that makes its own pool: Spring Boot then gives no connection details, and Tandem took the
     * database for unnamed ("set spring.datasource.url") though the application had set it.
     */
    @Test
    void anApplicationWithItsOwnPoolIsMigratedWhereSpringDatasourceUrlSays() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withBean("tandemInitializer", TandemInitializer.class, ConnectingNowhere::new)
                .withBean("dataSource", HikariDataSource.class, () -> {
                    HikariDataSource own = new HikariDataSource();
                    own.setJdbcUrl("jdbc:mysql://db:3306/app");
                    return own;
                })
                // Tagging asks a server for the tag (TandemStarterIT tags a pool of its own).
                .withPropertyValues("spring.datasource.url=jdbc:mysql://db:3306/app", "spring.datasource.username=app",
                        "spring.datasource.password=secret", "tandem.tag-data-source=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(JdbcConnectionDetails.class);
                    assertThat(context).hasSingleBean(Tandem.class);
                    assertThat(ApplicationDatabase.connection(context.getBeanProvider(JdbcConnectionDetails.class),
                            context.getBeanProvider(DataSourceProperties.class))).satisfies(database -> {
                                assertThat(database.getJdbcUrl()).isEqualTo("jdbc:mysql://db:3306/app");
                                assertThat(database.getUsername()).isEqualTo("app");
                                assertThat(database.getPassword()).isEqualTo("secret");
                                assertThat(database.toString()).doesNotContain("secret");
                            });
                });
    }

    /** A pool started in its constructor cannot be tagged: said so, where Hikari's own error spoke of a sealed configuration. */
    @Test
    void aPoolAlreadyStartedIsRefusedWithWhatToDoInstead() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:mysql://127.0.0.1:1/app");
        config.setInitializationFailTimeout(-1); // starts without a server
        try (HikariDataSource started = new HikariDataSource(config)) {
            runner.withBean(JdbcConnectionDetails.class, () -> details("jdbc:mysql://127.0.0.1:1/app"))
                    .withBean("tandemInitializer", TandemInitializer.class, ConnectingNowhere::new)
                    .withBean("dataSource", HikariDataSource.class, () -> started)
                    .run(context -> assertThat(context).getFailure().rootCause()
                            .hasMessageContaining("DataSource bean 'dataSource' is a HikariDataSource already started")
                            .hasMessageContaining("new HikariDataSource() and set its properties")
                            .hasMessageContaining("tandem.tag-data-source=false"));
        }
    }

    /** With spring.main.lazy-initialization nothing asked for the initializer, and readiness waited for a start never made. */
    @Test
    void tandemStartsAtStartupUnderLazyInitialization() {
        AtomicBoolean started = new AtomicBoolean();
        runner.withInitializer(context -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
                .withBean(JdbcConnectionDetails.class, () -> details("jdbc:mysql://db:3306/app"))
                .withBean("tandemInitializer", TandemInitializer.class, () -> new ConnectingNowhere() {
                    @Override
                    public void afterPropertiesSet() {
                        started.set(true);
                    }
                })
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(started).as("the start ran as the context started").isTrue();
                });
    }

    /** Tandem's start needs a server; what the context decides before it does not. */
    static class ConnectingNowhere extends TandemInitializer {

        ConnectingNowhere() {
            super(null);
        }

        @Override
        public void afterPropertiesSet() {
        }
    }

    @Test
    void theMovePropertiesReachTheConfiguration() throws Exception {
        TandemConfiguration configuration = configurationFrom(Map.of("tandem.move-target.url", "jdbc:mysql://new-db:3306/app",
                "tandem.move-target.user", "mover", "tandem.move-target.password", "mover-secret",
                "tandem.replication-user", "repl", "tandem.replication-password", "repl-secret",
                "tandem.max-pause", "3s", "tandem.hold-grace", "500ms"));
        assertThat(field(configuration, "moveTargetUrl")).isEqualTo("jdbc:mysql://new-db:3306/app");
        assertThat(field(configuration, "moveTargetUser")).isEqualTo("mover");
        assertThat(field(configuration, "moveTargetPassword")).isEqualTo("mover-secret");
        assertThat(field(configuration, "replicationUser")).isEqualTo("repl");
        assertThat(field(configuration, "replicationPassword")).isEqualTo("repl-secret");
        assertThat(field(configuration, "maxPause")).isEqualTo(Duration.ofSeconds(3));
        assertThat(field(configuration, "holdGrace")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aMoveTargetWithoutAUserIsReachedWithTheDatabasesAccount() throws Exception {
        TandemConfiguration configuration = configurationFrom(Map.of("tandem.move-target.url", "jdbc:mysql://new-db:3306/app"));
        assertThat(field(configuration, "moveTargetUser")).isEqualTo("app");
        assertThat(field(configuration, "moveTargetPassword")).isEqualTo("secret");
        assertThat(field(configuration, "replicationUser")).as("unset: the connecting users").isNull();
    }

    @Test
    void keepReplacedTablesReachesTheConfiguration() throws Exception {
        assertThat(field(configurationFrom(Map.of("tandem.keep-replaced-tables", "true")), "keepReplacedTables")).isEqualTo(true);
        assertThat(field(configurationFrom(Map.of("tandem.pool-size", "5")), "keepReplacedTables")).as("by default the contract drops them")
                .isEqualTo(false);
    }

    /** The configuration from {@code properties} as Spring binds them, on an application connected as app/secret. */
    private TandemConfiguration configurationFrom(Map<String, String> properties) {
        TandemProperties bound = new Binder(new MapConfigurationPropertySource(properties)).bind("tandem", TandemProperties.class)
                .get();
        return ConfigurationFactory.configuration(bound, details("jdbc:mysql://db:3306/app"), null, List.of(), List.of(),
                getClass().getClassLoader());
    }

    private static Object field(TandemConfiguration configuration, String name) throws ReflectiveOperationException {
        Field field = TandemConfiguration.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(configuration);
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
        // The starter always gives the pool's size (tandem.pool-size, an int): the library's grows with copyThreads
        // only where none was given, so tandem.copy-threads above 2 needs tandem.pool-size raised with it (spring-boot.md).
        Set<String> notOptions = Set.of("dataSource", "url", "user", "password", "tablePrefixGivenBy", "stepHook",
                "poolSizeGiven");
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
