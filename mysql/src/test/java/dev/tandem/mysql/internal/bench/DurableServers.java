package dev.tandem.mysql.internal.bench;

import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.TestServers;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers a benchmark measures: each configured one in turn, started with the durable profile (every
 * commit flushed, as in production) unless {@code tandem.test.serverProfile} names another, and all stopped
 * at the end, whatever happened.
 */
final class DurableServers {

    interface Measurement {
        /** Measures on {@code server}, printing as it goes; returns what the summary at the end repeats. */
        String on(DatabaseServer server) throws Exception;
    }

    private DurableServers() {
    }

    /** What {@code measurement} returned on each server, in order. */
    static List<String> measureEach(Measurement measurement) throws Exception {
        if (System.getProperty("tandem.test.serverProfile") == null) {
            System.setProperty("tandem.test.serverProfile", "durable");
        }
        List<String> report = new ArrayList<>();
        try {
            for (DatabaseServer server : TestServers.configured()) {
                TestServers.started(server);
                report.add(measurement.on(server));
            }
        } finally {
            TestServers.stopAll();
        }
        return report;
    }
}
