package dev.tandem.spi;

import java.time.Duration;

/**
 * How the dialect runs DDL without stalling the application (see docs/online-ddl.md).
 *
 * @param lockWaitTimeout how long one statement may wait for a lock before it gives up and retries:
 *                        while a DDL waits for its metadata lock, the app's queries on that table
 *                        queue behind it, so this bounds how long they can stall
 * @param retryBudget     how long one statement keeps retrying lock timeouts and deadlocks in all
 */
public record DdlPolicy(Duration lockWaitTimeout, Duration retryBudget) {

    public static final DdlPolicy DEFAULT = new DdlPolicy(Duration.ofSeconds(3), Duration.ofMinutes(10));
}
