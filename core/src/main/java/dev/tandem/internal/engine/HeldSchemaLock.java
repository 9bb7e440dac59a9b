package dev.tandem.internal.engine;

import dev.tandem.spi.MigrationLock;
import java.time.Duration;

/**
 * The schema's migration lock as the thread that took it holds it, so that a phase run under it can ask,
 * before each step, whether the server still gives it the lock ({@link #lostByThisThread}). Its session is
 * idle while the steps run on another, and something may end it (a DBA's {@code KILL}, pt-kill of sleeping
 * connections, a network that drops): the server then frees the lock, and another node that takes it runs
 * its own phases beside these steps (a contract dropping a column a copy begun here names).
 */
final class HeldSchemaLock implements MigrationLock {

    private static final ThreadLocal<HeldSchemaLock> HELD = new ThreadLocal<>();

    private final MigrationLock lock;
    /** The lock this thread held before this one (a nested take), held again once this one is closed. */
    private final HeldSchemaLock outer;

    private HeldSchemaLock(MigrationLock lock, HeldSchemaLock outer) {
        this.lock = lock;
        this.outer = outer;
    }

    /** {@code lock}, taken: held by this thread until closed. */
    static MigrationLock taken(MigrationLock lock) {
        HeldSchemaLock held = new HeldSchemaLock(lock, HELD.get());
        HELD.set(held);
        return held;
    }

    /** Whether this thread took the schema's lock and the server no longer gives it to it. */
    static boolean lostByThisThread() {
        HeldSchemaLock held = HELD.get();
        return held != null && !held.lock.held();
    }

    @Override
    public void acquire(Duration timeout) {
        lock.acquire(timeout);
    }

    @Override
    public boolean tryAcquire() {
        return lock.tryAcquire();
    }

    @Override
    public boolean held() {
        return lock.held();
    }

    @Override
    public void close() {
        if (HELD.get() == this) {
            if (outer == null) {
                HELD.remove();
            } else {
                HELD.set(outer);
            }
        }
        lock.close();
    }
}
