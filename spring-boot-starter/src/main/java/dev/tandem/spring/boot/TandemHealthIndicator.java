package dev.tandem.spring.boot;

import dev.tandem.BackfillProgress;
import dev.tandem.Tandem;
import dev.tandem.TandemException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code tandem} health: UP once the schema is ready for this app version, OUT_OF_SERVICE while
 * Tandem works on it (with the last backfill progress), DOWN when a background start failed. It asks
 * nothing of the database, so probes may call it often.
 */
class TandemHealthIndicator implements HealthIndicator {

    private final Tandem tandem;
    private final TandemReadiness readiness;
    private final String appVersion;

    TandemHealthIndicator(Tandem tandem, TandemReadiness readiness, String appVersion) {
        this.tandem = tandem;
        this.readiness = readiness;
        this.appVersion = appVersion;
    }

    @Override
    public Health health() {
        TandemException failure = readiness.failure();
        Health.Builder health = failure != null ? Health.down(failure) : tandem.isReady() ? Health.up() : Health.outOfService();
        health.withDetail("appVersion", appVersion).withDetail("instanceId", tandem.instanceId())
                .withDetail("schemaReady", tandem.isReady());
        BackfillProgress progress = readiness.lastProgress();
        if (progress != null && !tandem.isReady()) {
            health.withDetail("backfill", progress.toString());
        }
        return health.build();
    }
}
