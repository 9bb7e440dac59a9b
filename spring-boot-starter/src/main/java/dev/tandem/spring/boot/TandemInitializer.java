package dev.tandem.spring.boot;

import dev.tandem.StartResult;
import dev.tandem.Tandem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Runs {@link Tandem#start()} when it is created. Spring Boot counts it among the database initializers
 * ({@link TandemDatabaseInitializerDetector}), so the beans that use the database — JPA's
 * EntityManagerFactory, JdbcTemplate, jOOQ's DSLContext, anything marked
 * {@code @DependsOnDatabaseInitialization} — are created after it.
 */
public class TandemInitializer implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(TandemInitializer.class);

    private final Tandem tandem;

    public TandemInitializer(Tandem tandem) {
        this.tandem = tandem;
    }

    @Override
    public void afterPropertiesSet() {
        StartResult result = tandem.start();
        if (!result.ready()) {
            LOG.info("Tandem works on the schema in the background; the application reports ready when it is done");
        }
    }
}
