package dev.tandem.mysql.internal.bench;

import dev.tandem.ThrottleSignal;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;

/**
 * A user throttle signal for the benchmark ({@code -Dbench.maxCheckpointAgeMb}): wait while the redo log's
 * checkpoint age is above a limit, so the copy runs no further ahead of the page cleaner than that, and the
 * pages it dirties are written out as it goes instead of in a rush toward its end. An experiment, not (yet)
 * one of Tandem's signals.
 */
final class CheckpointAgeSignal implements ThrottleSignal {

    private final TestDatabase db;
    private final long limitBytes;

    CheckpointAgeSignal(TestDatabase db, long limitMb) {
        this.db = db;
        this.limitBytes = limitMb * 1_000_000;
    }

    @Override
    public Optional<String> reasonToWait() throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            long age = ServerPressure.checkpointAge(ServerPressure.status(s), db.flavor() == Flavor.MARIADB);
            return age > limitBytes ? Optional.of("the checkpoint age is " + age / 1_000_000 + " MB, above "
                    + limitBytes / 1_000_000 + " MB") : Optional.empty();
        }
    }
}
