package dev.tandem.spring.boot;

import dev.tandem.Tandem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Boot's Actuator: the {@code tandem} endpoint ({@link TandemEndpoint}) and the {@code tandem}
 * health indicator ({@link TandemHealthIndicator}).
 */
@AutoConfiguration(after = TandemAutoConfiguration.class)
@ConditionalOnBean(Tandem.class)
public class TandemActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint
        TandemEndpoint tandemEndpoint(Tandem tandem, TandemProperties properties, ObjectProvider<BuildProperties> build) {
            return new TandemEndpoint(tandem, ConfigurationFactory.appVersion(properties, build.getIfAvailable()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("tandem")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tandemHealthIndicator")
        TandemHealthIndicator tandemHealthIndicator(Tandem tandem, TandemReadiness readiness, TandemProperties properties,
                                                    ObjectProvider<BuildProperties> build) {
            return new TandemHealthIndicator(tandem, readiness, ConfigurationFactory.appVersion(properties, build.getIfAvailable()));
        }
    }
}
