package dev.tandem;

import java.time.Duration;
import java.util.List;

/**
 * What {@link Tandem#start()} did.
 *
 * @param applied  versions whose expand (and backfill) this call ran, in order; empty when another
 *                 node had done it or nothing was pending
 * @param ready    whether every migration this app knows is ready for it (always true after a
 *                 blocking start; see {@link Tandem#isReady()} after a non-blocking one)
 * @param took     how long the call took
 */
public record StartResult(List<String> applied, boolean ready, Duration took) {

    @Override
    public String toString() {
        return (applied.isEmpty() ? "nothing to apply" : "applied " + String.join(", ", applied))
                + (ready ? ", ready" : ", not ready yet") + " (" + took.toMillis() + " ms)";
    }
}
