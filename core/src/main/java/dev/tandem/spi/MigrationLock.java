package dev.tandem.spi;

import java.time.Duration;

/**
 * A one-at-a-time lock: per schema for migrating, per migration for its backfill. It belongs to a
 * database session, so it is freed when its holder dies; while waiting, implementations log who holds it.
 */
public interface MigrationLock extends AutoCloseable {

    /** Blocks until the lock is held or {@code timeout} passes (then throws with the holder named). */
    void acquire(Duration timeout);

    /**
     * Takes the lock only if no one holds it: false at once (or after the implementation's shortest wait)
     * when another does, or when it cannot be asked. For work a node may leave to the next try, such as
     * finishing what a dead node left. The default asks {@link #acquire} with no time to wait.
     */
    default boolean tryAcquire() {
        try {
            acquire(Duration.ZERO);
            return true;
        } catch (RuntimeException held) {
            return false;
        }
    }

    /**
     * Whether this lock is held still: false once the session it belongs to ended (a lost connection, a
     * server that ended it), when another may have taken it. Asked before a step that must not run twice at
     * once; the default cannot tell and says true.
     */
    default boolean held() {
        return true;
    }

    /** Frees the lock; a lock never acquired is a no-op. */
    @Override
    void close();
}
