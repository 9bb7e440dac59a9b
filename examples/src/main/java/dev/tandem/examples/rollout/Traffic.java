package dev.tandem.examples.rollout;

import dev.tandem.examples.accounts.Account;
import dev.tandem.examples.accounts.Accounts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One node's request load, through that node's own data access code: creates (15%), updates (25%),
 * reads checked against the ledger (45%) and searches that must find the account (15%), at a steady
 * rate per thread. Requests count toward whatever phase is current when they end.
 */
final class Traffic {

    private static final String[] FIRST = {"Ada", "Grace", "Zoë", "Łukasz", "Edsger", "Barbara", "Alan", "Søren", "José", "Mei"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Dijkstra", "Liskov", "Turing", "Kierkegaard", "García",
        "Müller", "O'Brien", "Nakamura"};
    private static final String[] STATUSES = {"active", "suspended", "closed"};

    private final String node;
    private final Accounts accounts;
    private final Ledger ledger;
    private final Supplier<PhaseStats> phase;
    private final long pauseNanos;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    Traffic(String node, Accounts accounts, Ledger ledger, Supplier<PhaseStats> phase, int threadCount,
            int requestsPerSecondPerThread) {
        this.node = node;
        this.accounts = accounts;
        this.ledger = ledger;
        this.phase = phase;
        this.pauseNanos = 1_000_000_000L / requestsPerSecondPerThread;
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(this::serve, node + "-traffic-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Drains: lets requests in flight finish, sends no more. */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(60_000);
        }
    }

    private void serve() {
        long due = System.nanoTime();
        while (!stopping) {
            due += pauseNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            long started = System.nanoTime();
            String problem = null;
            boolean wrongRead = false;
            try {
                problem = request();
                wrongRead = problem != null;
            } catch (Exception e) {
                problem = node + ": " + e;
            }
            PhaseStats stats = phase.get();
            stats.record(System.nanoTime() - started);
            if (problem != null) {
                stats.problem(wrongRead ? stats.wrongReads : stats.errors, problem);
            }
        }
    }

    /** One request; a description of a wrong read, or null. */
    private String request() throws Exception {
        int kind = ThreadLocalRandom.current().nextInt(100);
        if (kind < 15 || ledger.isEmpty()) {
            Account account = randomAccount();
            long id = accounts.create(account);
            ReentrantLock lock = ledger.lockFor(id);
            lock.lock();
            try {
                ledger.put(id, accounts.afterWrite(null, account));
            } finally {
                lock.unlock();
            }
            return null;
        }
        long id = ledger.randomId();
        ReentrantLock lock = ledger.lockFor(id);
        lock.lock();
        try {
            Account known = ledger.get(id);
            if (kind < 40) {
                Account written = randomAccount();
                accounts.update(id, written);
                ledger.put(id, accounts.afterWrite(known, written));
                return null;
            }
            if (kind < 85) {
                String expected = accounts.view(known);
                String actual = accounts.read(id);
                return expected.equals(actual) ? null
                        : node + " read account " + id + ": expected [" + expected + "], got [" + actual + "]";
            }
            return accounts.search(known).contains(id) ? null
                    : node + " searched for account " + id + " (" + known.firstName() + " " + known.lastName() + "): not found";
        } finally {
            lock.unlock();
        }
    }

    private Account randomAccount() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)] + random.nextInt(1_000_000);
        return new Account(first, last, first.toLowerCase(java.util.Locale.ROOT) + "." + last.toLowerCase(java.util.Locale.ROOT)
                + "@example.com", random.nextLong(accounts.maxBalanceCents() + 1), STATUSES[random.nextInt(STATUSES.length)]);
    }
}
