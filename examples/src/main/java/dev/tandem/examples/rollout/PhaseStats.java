package dev.tandem.examples.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the traffic saw during one phase of the deploy. */
final class PhaseStats {

    final String name;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong wrongReads = new AtomicLong();
    /** Requests by what they did: app version and SQL form, e.g. "1.0.0 REPLACE". */
    final Map<String, LongAdder> byForm = new ConcurrentHashMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<String> firstProblems = new ArrayList<>();
    private volatile String note = "";

    PhaseStats(String name) {
        this.name = name;
    }

    /** The requests of all {@code phases} as one: counts added up, latencies together. */
    static PhaseStats combined(String name, List<PhaseStats> phases) {
        PhaseStats all = new PhaseStats(name);
        for (PhaseStats phase : phases) {
            all.requests.addAndGet(phase.requests.get());
            all.errors.addAndGet(phase.errors.get());
            all.wrongReads.addAndGet(phase.wrongReads.get());
            phase.byForm.forEach((form, count) -> all.byForm.computeIfAbsent(form, f -> new LongAdder()).add(count.sum()));
            synchronized (phase.latencies) {
                all.latencies.addAll(phase.latencies);
            }
        }
        return all;
    }

    void record(String form, long nanos) {
        requests.incrementAndGet();
        byForm.computeIfAbsent(form, f -> new LongAdder()).increment();
        synchronized (latencies) {
            latencies.add(nanos);
        }
    }

    void problem(AtomicLong counter, String what) {
        counter.incrementAndGet();
        synchronized (firstProblems) {
            if (firstProblems.size() < 5) {
                firstProblems.add(what);
            }
        }
    }

    void note(String text) {
        note = note.isEmpty() ? text : note + "; " + text;
    }

    List<String> problems() {
        synchronized (firstProblems) {
            return List.copyOf(firstProblems);
        }
    }

    /** The latency below which a share {@code p} of the requests ended ({@code 1.0}: the slowest). */
    double percentileMillis(double p) {
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        if (sorted.isEmpty()) {
            return 0;
        }
        sorted.sort(null);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p * sorted.size()) - 1))) / 1e6;
    }

    @Override
    public String toString() {
        return String.format("%-34s %7d requests  errors %d  wrong reads %d  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms%s",
                name, requests.get(), errors.get(), wrongReads.get(), percentileMillis(0.50), percentileMillis(0.99),
                percentileMillis(1.0), note.isEmpty() ? "" : "\n    " + note);
    }
}
