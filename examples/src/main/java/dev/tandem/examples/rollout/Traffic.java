package dev.tandem.examples.rollout;

import dev.tandem.examples.accounts.Account;
import dev.tandem.examples.accounts.Accounts;
import dev.tandem.examples.accounts.Accounts.InsertForm;
import dev.tandem.examples.accounts.Accounts.ReadForm;
import dev.tandem.examples.accounts.Accounts.UpdateForm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's request load, through that node's own data access code, at a steady rate per thread:
 * creates (15%; a quarter of them two accounts in one statement), updates (25%), deletes (5%), reads
 * checked against the ledger (40%; one in ten of an account deleted before, which must read as
 * nothing) and searches that must find the account (15%). Each request uses one of the SQL forms the
 * version's code has, in turn, so that every form runs once a node has made a few requests of its kind
 * (picked at random, a short phase could miss a rare one). Requests count toward whatever phase is current
 * when they end.
 */
final class Traffic {

    private static final Logger LOG = LoggerFactory.getLogger(Traffic.class);

    /** Names in scripts and of lengths that catch charset mistakes: 2-byte, 3-byte (CJK) and 4-byte (emoji) UTF-8. */
    private static final String[] FIRST = {"Ada", "Grace", "Zoë", "Łukasz", "Edsger", "Barbara", "Alan", "Søren", "José", "Mei",
        "花子", "😀"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Dijkstra", "Liskov", "Turing", "Kierkegaard", "García",
        "Müller", "O'Brien", "Nakamura", "山田"};
    private static final String[] STATUSES = {"active", "suspended", "closed"};

    /** How many creates, updates and reads this node began: the turn that picks each one's form. */
    private final AtomicLong creates = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final String node;
    private final String appVersion;
    private final Accounts accounts;
    private final Ledger ledger;
    private final Supplier<PhaseStats> phase;
    private final long pauseNanos;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    Traffic(String node, String appVersion, Accounts accounts, Ledger ledger, Supplier<PhaseStats> phase, int threadCount,
            int requestsPerSecondPerThread) {
        this.node = node;
        this.appVersion = appVersion;
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
            thread.join(DRAIN_WAIT_MILLIS);
            if (thread.isAlive()) {
                PhaseStats stats = phase.get();
                stats.problem(stats.errors, thread.getName() + ": a request still running " + DRAIN_WAIT_MILLIS / 1000
                        + " s after the node was told to stop");
            }
        }
    }

    private static final long DRAIN_WAIT_MILLIS = 60_000;

    /** A request: what it does, for the report, and the work, which returns a description of a wrong read, or null. */
    private record Request(String form, Callable<String> work) {
    }

    /** What a request does with a live account, under its ledger lock. */
    private interface OnAccount {
        String apply(long id, Account known) throws Exception;
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
            Request request = next();
            String problem = null;
            boolean wrongRead = false;
            try {
                problem = request.work().call();
                wrongRead = problem != null;
            } catch (Exception | Error e) { // an Error too: else the thread would end, and its node send no more, silently
                LOG.debug("{}: {} failed", node, request.form(), e);
                problem = node + " " + request.form() + ": " + e;
            }
            PhaseStats stats = phase.get();
            // From when the request was due, not when it was sent: the requests a stalled one held back waited as
            // long, and measured from their late sending they would hide the stall (coordinated omission).
            stats.record(appVersion + " " + request.form(), System.nanoTime() - due);
            if (problem != null) {
                stats.problem(wrongRead ? stats.wrongReads : stats.errors, problem);
            }
        }
    }

    private Request next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int kind = random.nextInt(100);
        if (kind < 15 || ledger.isEmpty()) {
            long turn = creates.getAndIncrement();
            InsertForm form = inTurn(accounts.insertForms(), turn);
            // Every fourth round of the forms creates two accounts in one statement.
            boolean two = turn / accounts.insertForms().size() % 4 == 3;
            List<Account> batch = two ? List.of(randomAccount(), randomAccount()) : List.of(randomAccount());
            return new Request(form + (batch.size() > 1 ? ", 2 rows" : ""), () -> create(batch, form));
        }
        if (kind < 40) {
            UpdateForm form = inTurn(accounts.updateForms(), updates.getAndIncrement());
            Account written = randomAccount();
            return new Request(form.toString(), () -> onLiveAccount((id, known) -> {
                accounts.update(id, written, form);
                ledger.put(id, accounts.afterWrite(known, written, form));
                return null;
            }));
        }
        if (kind < 45) {
            return new Request("DELETE", () -> onLiveAccount((id, known) -> {
                accounts.delete(id);
                ledger.remove(id);
                return null;
            }));
        }
        if (kind < 85) {
            long turn = reads.getAndIncrement();
            ReadForm form = inTurn(accounts.readForms(), turn);
            // Every tenth round of the forms reads an account deleted before (once one is).
            boolean ofDeleted = turn / accounts.readForms().size() % 10 == 9;
            OptionalLong deleted = ofDeleted ? ledger.randomDeletedId() : OptionalLong.empty();
            if (deleted.isPresent()) {
                return new Request(form + " of a deleted account", () -> readDeleted(deleted.getAsLong(), form));
            }
            return new Request(form.toString(), () -> onLiveAccount((id, known) -> {
                String expected = accounts.view(known);
                String actual = accounts.read(id, form);
                return expected.equals(actual) ? null
                        : node + " read account " + id + " (" + form + "): expected [" + expected + "], got [" + actual + "]";
            }));
        }
        return new Request("search", () -> onLiveAccount((id, known) -> accounts.search(known).contains(id) ? null
                : node + " searched for account " + id + " (" + known.firstName() + " " + known.lastName() + "): not found"));
    }

    /** Creates the accounts in one statement; each enters the ledger under its lock once the insert returned. */
    private String create(List<Account> batch, InsertForm form) throws Exception {
        List<Long> ids = accounts.create(batch, form);
        for (int i = 0; i < ids.size(); i++) {
            ReentrantLock lock = ledger.lockFor(ids.get(i));
            lock.lock();
            try {
                ledger.put(ids.get(i), accounts.afterCreate(batch.get(i)));
            } finally {
                lock.unlock();
            }
        }
        return null;
    }

    /**
     * Runs {@code action} on a live account under its lock. Another node may delete the account picked
     * before the lock is taken; then another one is picked.
     */
    private String onLiveAccount(OnAccount action) throws Exception {
        while (true) {
            long id = ledger.randomId();
            ReentrantLock lock = ledger.lockFor(id);
            lock.lock();
            try {
                Account known = ledger.get(id);
                if (known != null) {
                    return action.apply(id, known);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** A deleted account needs no lock: nothing writes it again (see {@link Ledger#remove}). */
    private String readDeleted(long id, ReadForm form) throws Exception {
        String actual = accounts.read(id, form);
        return actual == null ? null : node + " read account " + id + " (" + form + "), deleted: got [" + actual + "]";
    }

    /** The choice whose turn {@code turn} is: each in order, then again. */
    private static <T> T inTurn(List<T> choices, long turn) {
        return choices.get((int) (turn % choices.size()));
    }

    /** A new account: a quarter of them open with a zero balance, the column's default. */
    private Account randomAccount() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)] + random.nextInt(1_000_000);
        long balance = random.nextInt(4) == 0 ? 0 : random.nextLong(accounts.maxBalanceCents() + 1);
        return new Account(first, last, first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + "@example.com",
                balance, STATUSES[random.nextInt(STATUSES.length)]);
    }
}
