package dev.tandem.spring.boot;

import dev.tandem.BackfillProgress;
import dev.tandem.Tandem;
import dev.tandem.TandemException;
import dev.tandem.TandemListener;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.Ordered;

/**
 * Holds the application's readiness until its schema is ready. Spring Boot publishes
 * {@link ReadinessState#ACCEPTING_TRAFFIC} after the last {@link ApplicationRunner}; this runner, the first,
 * waits for {@link Tandem#awaitReady} (at once after a blocking start), so until then the readiness state
 * stays {@link ReadinessState#REFUSING_TRAFFIC} and the readiness probe answers 503 while the web server,
 * the liveness probe and the actuator (the {@code tandem} endpoint, the meters) already serve. A failed
 * background start fails the application's startup, as a failed blocking start does. As a
 * {@link TandemListener} it keeps what the {@code tandem} health indicator reports.
 */
class TandemReadiness implements ApplicationRunner, TandemListener, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(TandemReadiness.class);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final ObjectProvider<Tandem> tandem;
    private volatile TandemException failure;
    private volatile BackfillProgress lastProgress;

    TandemReadiness(ObjectProvider<Tandem> tandem) {
        this.tandem = tandem;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        Tandem t = tandem.getObject();
        while (!t.awaitReady(LOG_EVERY)) {
            LOG.info("Waiting for the schema before reporting ready{}", lastProgress == null ? "" : ": backfill " + lastProgress);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void backfillProgress(BackfillProgress progress) {
        lastProgress = progress;
    }

    @Override
    public void failed(TandemException e) {
        failure = e;
    }

    /** The failure of a background start, or null. */
    TandemException failure() {
        return failure;
    }

    /** The last backfill progress this instance reported, or null. */
    BackfillProgress lastProgress() {
        return lastProgress;
    }
}
