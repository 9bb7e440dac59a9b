package dev.tandem;

import java.time.Instant;
import java.util.Set;

/**
 * One running application instance in the fleet registry ({@link TableNames#instances()}, by default
 * {@code tandem_instances}).
 *
 * @param knownVersions the migration versions on this instance's classpath
 * @param highestKnown  the highest of them, or null when it knows none
 * @param ttlSeconds    how long after its last heartbeat it still counts as alive
 */
public record InstanceStatus(
        String id,
        String appVersion,
        String host,
        long pid,
        Set<String> knownVersions,
        String highestKnown,
        Instant startedAt,
        Instant heartbeatAt,
        long ttlSeconds) {

    /** E.g. {@code 3f2a… on web-1 (pid 4242), app 1.4.0, last heartbeat 2026-11-21T10:00:00Z}. */
    public String describe() {
        return id + " on " + host + " (pid " + pid + "), app " + appVersion + ", last heartbeat " + heartbeatAt;
    }
}
