package dev.tandem.mysql.internal.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A foreground OLTP load on a table {@code (id, name, email, amount)}: a few threads, each borrowing a
 * connection from the application's pool for each operation, at a fixed rate in all, of point reads (60%), updates by id (30%) and inserts (10%).
 * Latency counts from when an operation was due, not when it began, so a stall shows in full in the
 * percentiles instead of silently delaying the next operations (no coordinated omission).
 */
final class OltpLoad implements AutoCloseable {

    static final int THREADS = 4;
    static final int OPERATIONS_PER_SECOND = 400;
    private static final int MAX_ERRORS_SHOWN = 5;
    /** The kinds of operation, as {@link #byKind} names them in this order. */
    private static final int READ = 0;
    private static final int UPDATE = 1;
    private static final int INSERT = 2;

    /** {due time, latency} in nanoseconds and the kind ({@link #READ}, {@link #UPDATE}, {@link #INSERT}), per operation. */
    private final List<long[]> samples = new ArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong nextId;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private OltpLoad(long rows) {
        this.nextId = new AtomicLong(rows);
    }

    static OltpLoad start(DataSource pool, String table, int rows) {
        OltpLoad load = new OltpLoad(rows);
        for (int i = 0; i < THREADS; i++) {
            Thread thread = new Thread(() -> load.run(pool, table, rows), "oltp-" + i);
            thread.setDaemon(true);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    /** Each operation borrows a connection from {@code pool} and gives it back, as an application's request does. */
    private void run(DataSource pool, String table, int rows) {
        long interval = 1_000_000_000L * THREADS / OPERATIONS_PER_SECOND;
        long due = System.nanoTime();
        while (!stopping) {
            due += interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long id = 1 + random.nextLong(rows);
            int draw = random.nextInt(10);
            int kind = draw < 6 ? READ : draw < 9 ? UPDATE : INSERT;
            try (Connection c = pool.getConnection()) {
                if (kind == READ) {
                    try (PreparedStatement read = c.prepareStatement("SELECT name, email, amount FROM " + table + " WHERE id = ?")) {
                        read.setLong(1, id);
                        try (ResultSet rs = read.executeQuery()) {
                            rs.next();
                        }
                    }
                } else if (kind == UPDATE) {
                    try (PreparedStatement update = c.prepareStatement(
                            "UPDATE " + table + " SET name = ?, amount = amount + 1 WHERE id = ?")) {
                        update.setString(1, "customer " + id + " renamed");
                        update.setLong(2, id);
                        update.executeUpdate();
                    }
                } else {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO " + table + " (id, name, email, amount) VALUES (?, ?, ?, 0)")) {
                        long newId = nextId.incrementAndGet();
                        insert.setLong(1, newId);
                        insert.setString(2, "customer " + newId);
                        insert.setString(3, "c" + newId + "@example.com");
                        insert.executeUpdate();
                    }
                }
            } catch (java.sql.SQLException e) {
                if (errors.incrementAndGet() <= MAX_ERRORS_SHOWN) {
                    System.out.println("foreground request failed: " + e);
                }
            }
            long latency = System.nanoTime() - due;
            synchronized (samples) {
                samples.add(new long[] {due, latency, kind});
            }
        }
    }

    /** The latency percentiles of operations due in the baseline window and in the backfill window. */
    String compare(long baselineFrom, long baselineTo, long backfillFrom, long backfillTo) {
        Window baseline = window(baselineFrom, baselineTo);
        Window during = window(backfillFrom, backfillTo);
        return String.format("(%d threads, %d ops/s): baseline p50 %.2f ms, p99 %.2f ms (%d ops);"
                        + " during the change p50 %.2f ms, p99 %.2f ms (%d ops); p99 %.2fx baseline; errors %d;"
                        + " slowest (ms after the change began: latency ms) %s; p99 by kind, baseline -> during: %s;"
                        + " p99 over each tenth of the change: %s",
                THREADS, OPERATIONS_PER_SECOND, baseline.p50, baseline.p99, baseline.count, during.p50, during.p99,
                during.count, during.p99 / baseline.p99, errors.get(), slowest(backfillFrom, backfillTo, 12),
                byKind(baselineFrom, baselineTo, backfillFrom, backfillTo), tenths(backfillFrom, backfillTo));
    }

    /** The p99 of reads, updates and inserts apart: which of them the change slows. */
    private String byKind(long baselineFrom, long baselineTo, long from, long to) {
        String[] names = {"reads", "updates", "inserts"};
        List<String> parts = new ArrayList<>();
        for (int kind = 0; kind < names.length; kind++) {
            parts.add(String.format("%s %.2f -> %.2f ms", names[kind], window(baselineFrom, baselineTo, kind).p99,
                    window(from, to, kind).p99));
        }
        return String.join(", ", parts);
    }

    /** The p99 of each tenth of the window, in ms: whether the slow operations are spread or bunched. */
    private String tenths(long from, long to) {
        List<String> parts = new ArrayList<>();
        long step = (to - from) / 10;
        for (int i = 0; i < 10; i++) {
            parts.add(String.format("%.1f", window(from + i * step, from + (i + 1) * step, -1).p99));
        }
        return String.join(" ", parts);
    }

    /** The {@code count} slowest operations due in the window, in time order: when (ms from {@code from}) and how long. */
    String slowest(long from, long to, int count) {
        List<long[]> in = new ArrayList<>();
        synchronized (samples) {
            for (long[] sample : samples) {
                if (sample[0] >= from && sample[0] <= to) {
                    in.add(sample);
                }
            }
        }
        in.sort((a, b) -> Long.compare(b[1], a[1]));
        return in.stream().limit(count).sorted((a, b) -> Long.compare(a[0], b[0]))
                .map(s -> String.format("+%d: %.0f", (s[0] - from) / 1_000_000, s[1] / 1e6))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private record Window(double p50, double p99, int count) {
    }

    private Window window(long from, long to) {
        return window(from, to, -1);
    }

    /** The operations due from {@code from} to {@code to} of {@code kind} (any: -1). */
    private Window window(long from, long to, int kind) {
        List<Long> latencies = new ArrayList<>();
        synchronized (samples) {
            for (long[] sample : samples) {
                if (sample[0] >= from && sample[0] <= to && (kind < 0 || sample[2] == kind)) {
                    latencies.add(sample[1]);
                }
            }
        }
        latencies.sort(null);
        if (latencies.isEmpty()) {
            return new Window(Double.NaN, Double.NaN, 0);
        }
        return new Window(percentile(latencies, 0.50), percentile(latencies, 0.99), latencies.size());
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
