package dev.tandem.mysql.internal.bench;

import dev.tandem.mysql.internal.CheckpointAgeSignal;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server's storage goes through while a change runs, read from its status twice a second: the
 * buffer pool's dirty pages, the redo log's checkpoint age (the redo the pages not yet written out still
 * need: how far the writes ran ahead of the page cleaner), the pages written out and read in from disk, and
 * the row lock waits (how many began, and the time waited: the application's writes behind a chunk's locked
 * rows, and the chunks behind the application's). Per tenth of the change, beside {@link OltpLoad}'s p99 of
 * the same tenth: whether a tail that grows toward a copy's end grows with one of them.
 */
final class ServerPressure implements AutoCloseable {

    private static final long INTERVAL_MS = 500;
    private static final long PAGE_BYTES = 16_384;

    /**
     * {time (System.nanoTime), dirty pages, checkpoint age (bytes), pages flushed, pages read from disk, row
     * lock waits, row lock time (ms)}.
     */
    private final List<long[]> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;

    private ServerPressure(TestDatabase db) {
        thread = new Thread(() -> run(db), "server-pressure");
        thread.setDaemon(true);
    }

    static ServerPressure start(TestDatabase db) {
        ServerPressure pressure = new ServerPressure(db);
        pressure.thread.start();
        return pressure;
    }

    private void run(TestDatabase db) {
        boolean mariaDb = db.flavor() == Flavor.MARIADB;
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            while (!stopping) {
                Map<String, Long> status = status(s);
                synchronized (samples) {
                    samples.add(new long[] {System.nanoTime(), status.getOrDefault("Innodb_buffer_pool_pages_dirty", 0L),
                            CheckpointAgeSignal.age(status, mariaDb),
                            status.getOrDefault("Innodb_buffer_pool_pages_flushed", 0L), status.getOrDefault("Innodb_buffer_pool_reads", 0L),
                            status.getOrDefault("Innodb_row_lock_waits", 0L), status.getOrDefault("Innodb_row_lock_time", 0L)});
                }
                Thread.sleep(INTERVAL_MS);
            }
        } catch (SQLException | InterruptedException e) {
            System.out.println("server pressure: no more samples (" + e + ")");
        }
    }

    /** The status variables this class reads, by name. */
    private static Map<String, Long> status(Statement s) throws SQLException {
        Map<String, Long> status = new HashMap<>();
        try (ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_pages_dirty',"
                + " 'Innodb_checkpoint_age', 'Innodb_redo_log_current_lsn', 'Innodb_redo_log_checkpoint_lsn',"
                + " 'Innodb_buffer_pool_pages_flushed', 'Innodb_buffer_pool_reads', 'Innodb_row_lock_waits',"
                + " 'Innodb_row_lock_time')")) {
            while (rs.next()) {
                status.put(rs.getString(1), rs.getLong(2));
            }
        }
        return status;
    }

    /**
     * Per tenth of {@code from}..{@code to}: the dirty pages (MB, the tenth's mean), the redo log's checkpoint
     * age at its highest (MB), the pages written out and read from disk (per second), and the row lock waits
     * begun (per second) and waited (ms per second).
     */
    String tenths(long from, long to) {
        List<String> dirty = new ArrayList<>();
        List<String> age = new ArrayList<>();
        List<String> flushed = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        List<String> lockWaits = new ArrayList<>();
        long step = (to - from) / 10;
        for (int i = 0; i < 10; i++) {
            List<long[]> in = between(from + i * step, from + (i + 1) * step);
            if (in.size() < 2) {
                List.of(dirty, age, flushed, reads, lockWaits).forEach(l -> l.add("-"));
                continue;
            }
            dirty.add(String.format("%.0f", in.stream().mapToLong(x -> x[1]).average().orElse(0) * PAGE_BYTES / 1e6));
            age.add(String.format("%.0f", in.stream().mapToLong(x -> x[2]).max().orElse(0) / 1e6));
            flushed.add(String.format("%.0f", perSecond(in, 3)));
            reads.add(String.format("%.0f", perSecond(in, 4)));
            lockWaits.add(lockWaits(in));
        }
        return "dirty MB " + String.join(" ", dirty) + "; checkpoint age MB " + String.join(" ", age)
                + "; pages written/s " + String.join(" ", flushed) + "; pages read from disk/s " + String.join(" ", reads)
                + "; row lock waits/s (ms waited/s) " + String.join(" ", lockWaits);
    }

    /** The row lock waits over {@code from}..{@code to}, as {@link #tenths} gives each tenth's. */
    String lockWaits(long from, long to) {
        List<long[]> in = between(from, to);
        return in.size() < 2 ? "-" : lockWaits(in);
    }

    private static String lockWaits(List<long[]> in) {
        return String.format("%.1f (%.0f)", perSecond(in, 5), perSecond(in, 6));
    }

    /** How fast the counter at {@code index} of {@code in}'s samples grew, per second. */
    private static double perSecond(List<long[]> in, int index) {
        long[] first = in.get(0);
        long[] last = in.get(in.size() - 1);
        return (last[index] - first[index]) / ((last[0] - first[0]) / 1e9);
    }

    private List<long[]> between(long from, long to) {
        List<long[]> in = new ArrayList<>();
        synchronized (samples) {
            for (long[] sample : samples) {
                if (sample[0] >= from && sample[0] <= to) {
                    in.add(sample);
                }
            }
        }
        return in;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(5_000);
    }
}
