package dev.tandem.examples.rollout;

import dev.tandem.examples.accounts.Account;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every acknowledged write, as the client knows it: account id to what it must read back, and the ids
 * of acknowledged deletes, which must read back as nothing. A write and its ledger entry, and a read
 * and its check, happen under the row's lock (one of a fixed set), so a check never races a write
 * another node is making to the same row — the only way to tell a wrong read from a read of a write
 * still in flight.
 */
final class Ledger {

    private static final int STRIPES = 1024;
    /** How many of the newest live accounts count as recent. */
    private static final int RECENT = 100;

    private final Map<Long, Account> accounts = new ConcurrentHashMap<>();
    private final RandomIds live = new RandomIds();
    private final RandomIds deleted = new RandomIds();
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    Ledger() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    ReentrantLock lockFor(long id) {
        return locks[(int) Math.floorMod(id, (long) STRIPES)];
    }

    void put(long id, Account account) {
        if (accounts.put(id, account) == null) {
            live.add(id);
        }
    }

    /**
     * Records an acknowledged delete. Ids are auto-increment values, never given out again, and no
     * write names an id the ledger does not hold: a deleted id stays deleted.
     */
    void remove(long id) {
        accounts.remove(id);
        live.remove(id);
        deleted.add(id);
    }

    /** The account as acknowledged, or null when it was deleted (or never acknowledged). */
    Account get(long id) {
        return accounts.get(id);
    }

    boolean isDeleted(long id) {
        return deleted.contains(id);
    }

    /**
     * The id of a live account, picked at random: half the time among the accounts created last, which
     * nodes of both versions write and read while they run side by side (the seeded ones only v1 wrote).
     */
    long randomId() {
        int among = ThreadLocalRandom.current().nextBoolean() ? RECENT : Integer.MAX_VALUE;
        return live.random(among).orElseThrow(() -> new IllegalStateException("the ledger holds no live account"));
    }

    /** The id of a deleted account, picked at random, if there is one. */
    OptionalLong randomDeletedId() {
        return deleted.random(Integer.MAX_VALUE);
    }

    /** The live accounts. */
    Map<Long, Account> all() {
        return accounts;
    }

    int deletedCount() {
        return deleted.size();
    }

    boolean isEmpty() {
        return accounts.isEmpty();
    }
}
