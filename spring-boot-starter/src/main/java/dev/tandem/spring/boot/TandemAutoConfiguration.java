package dev.tandem.spring.boot;

import dev.tandem.Tandem;
import dev.tandem.TandemListener;
import dev.tandem.micrometer.TandemMetrics;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

/**
 * Tandem in a Spring Boot application: a {@link Tandem} from the {@code tandem.*} properties and the
 * application's own database, started by {@link TandemInitializer} before the beans that use the database,
 * the application's HikariCP pool tagged ({@link SessionTagging}) and, with a move target, following moves
 * of the database ({@link MoveFollowing}), readiness held until the schema is ready ({@link TandemReadiness}),
 * and meters when Micrometer is there. Off with {@code tandem.enabled=false}.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, ProjectInfoAutoConfiguration.class})
@ConditionalOnClass(Tandem.class)
@ConditionalOnProperty(prefix = "tandem", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(TandemProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class TandemAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Tandem tandem(TandemProperties properties, ObjectProvider<JdbcConnectionDetails> connection,
                  ObjectProvider<DataSourceProperties> dataSource,
                  ObjectProvider<BuildProperties> build, ListenerBeans listeners,
                  ObjectProvider<TandemConfigurationCustomizer> customizers, ObjectProvider<TandemMetrics> metrics,
                  ResourceLoader resourceLoader) {
        Tandem tandem = ConfigurationFactory.configuration(properties, ApplicationDatabase.connection(connection, dataSource),
                build.getIfAvailable(),
                List.of(listeners.listener()), customizers.orderedStream().toList(), resourceLoader.getClassLoader()).load();
        metrics.ifAvailable(m -> m.watch(tandem));
        return tandem;
    }

    @Bean
    ListenerBeans tandemListenerBeans(ObjectProvider<TandemListener> listeners) {
        return new ListenerBeans(listeners);
    }

    /** The listener beans are made first ({@link ListenerBeans#lookUp}), on this thread, before the start. */
    @Bean
    @ConditionalOnMissingBean
    TandemInitializer tandemInitializer(Tandem tandem, ListenerBeans listeners) {
        listeners.lookUp();
        return new TandemInitializer(tandem);
    }

    /**
     * Created at startup even under {@code spring.main.lazy-initialization=true}: readiness waits for the schema,
     * which only the start makes ready, and lazily nothing would ask for it before the first request, which the
     * readiness it holds keeps away.
     */
    @Bean
    static LazyInitializationExcludeFilter tandemStartsAtStartup() {
        return LazyInitializationExcludeFilter.forBeanTypes(TandemInitializer.class);
    }

    @Bean
    TandemReadiness tandemReadiness(ObjectProvider<Tandem> tandem) {
        return new TandemReadiness(tandem);
    }

    @Bean
    @ConditionalOnProperty(prefix = "tandem", name = "tag-data-source", matchIfMissing = true)
    static SessionTagging tandemSessionTagging(ObjectProvider<Tandem> tandem) {
        return new SessionTagging(tandem);
    }

    @Bean
    @Conditional(FollowMovesCondition.class)
    static MoveFollowing tandemMoveFollowing(ObjectProvider<Tandem> tandem, ObjectProvider<TandemProperties> properties,
                                             ObjectProvider<JdbcConnectionDetails> connection,
                                             ObjectProvider<DataSourceProperties> dataSource) {
        return new MoveFollowing(tandem, new ApplicationDatabase(properties, connection, dataSource));
    }

    @Bean
    static FlywayConflictCheck tandemFlywayConflictCheck() {
        return new FlywayConflictCheck();
    }

    /** Tandem's meters, bound by Spring Boot to every MeterRegistry the application has. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        TandemMetrics tandemMetrics(TandemProperties properties) {
            return new TandemMetrics(properties.getMetrics().getRefreshInterval());
        }
    }
}
