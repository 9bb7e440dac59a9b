package dev.tandem.spring.boot;

import java.util.Arrays;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Refuses to start when Spring Boot's Flyway auto-configuration (or any Flyway bean) would migrate the
 * same application: two tools writing one history table, each unaware of the other's running scripts.
 * It checks the bean definitions, before any bean exists, so neither tool has touched the database.
 */
class FlywayConflictCheck implements BeanFactoryPostProcessor {

    static final String FLYWAY = "org.flywaydb.core.Flyway";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Class<?> flyway;
        try {
            flyway = Class.forName(FLYWAY, false, beanFactory.getBeanClassLoader());
        } catch (ClassNotFoundException e) {
            return;
        }
        String[] beans = beanFactory.getBeanNamesForType(flyway, true, false);
        if (beans.length > 0) {
            throw new IllegalStateException("Tandem and Flyway would both migrate this application's database (Flyway"
                    + " bean " + String.join(", ", Arrays.asList(beans)) + ", from Spring Boot's Flyway auto-configuration"
                    + " or your own). Let Tandem do it: set spring.flyway.enabled=false (or remove spring-boot-flyway) and"
                    + " give tandem.locations your scripts' locations; Tandem adopts Flyway's history, so what Flyway"
                    + " applied counts as applied. Or keep Flyway and set tandem.enabled=false.");
        }
    }
}
