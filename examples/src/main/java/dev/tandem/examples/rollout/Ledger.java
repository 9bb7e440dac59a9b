package dev.tandem.examples.rollout;

import dev.tandem.examples.accounts.Account;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every acknowledged write, as the client knows it: account id to what it must read back. A write and
 * its ledger entry, and a read and its check, happen under the row's lock (one of a fixed set), so a
 * check never races a write another node is making to the same row — the only way to tell a wrong read
 * from a read of a write still in flight.
 */
final class Ledger {

    private static final int STRIPES = 1024;

    private final Map<Long, Account> accounts = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final AtomicLong highestId = new AtomicLong();

    Ledger() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    ReentrantLock lockFor(long id) {
        return locks[(int) Math.floorMod(id, (long) STRIPES)];
    }

    void put(long id, Account account) {
        accounts.put(id, account);
        highestId.accumulateAndGet(id, Math::max);
    }

    Account get(long id) {
        return accounts.get(id);
    }

    /** An id that is in the ledger, picked at random (ids are dense: auto-increment, no deletes). */
    long randomId() {
        while (true) {
            long id = 1 + ThreadLocalRandom.current().nextLong(Math.max(1, highestId.get()));
            if (accounts.containsKey(id)) {
                return id;
            }
        }
    }

    Map<Long, Account> all() {
        return accounts;
    }

    boolean isEmpty() {
        return accounts.isEmpty();
    }
}
