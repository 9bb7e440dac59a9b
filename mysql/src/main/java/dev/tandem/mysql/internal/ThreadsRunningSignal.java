package dev.tandem.mysql.internal;

import dev.tandem.ThrottleSignal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/** Wait while the server's {@code Threads_running} is above a limit: the application's work comes first. */
final class ThreadsRunningSignal implements ThrottleSignal {

    private final DataSource dataSource;
    private final int limit;

    ThreadsRunningSignal(DataSource dataSource, int limit) {
        this.dataSource = dataSource;
        this.limit = limit;
    }

    @Override
    public Optional<String> reasonToWait() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_running'")) {
            if (!rs.next()) {
                throw new IllegalStateException("the server does not report Threads_running");
            }
            long running = rs.getLong(2);
            return running > limit ? Optional.of("Threads_running is " + running + ", above the limit " + limit)
                    : Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "Threads_running <= " + limit;
    }
}
