package dev.tandem.spi;

import java.time.Duration;

/**
 * A one-at-a-time lock: per schema for migrating, per migration for its backfill. It belongs to a
 * database session, so it is freed when its holder dies; while waiting, implementations log who holds it.
 */
public interface MigrationLock extends AutoCloseable {

    /** Blocks until the lock is held or {@code timeout} passes (then throws with the holder named). */
    void acquire(Duration timeout);

    /** Frees the lock; a lock never acquired is a no-op. */
    @Override
    void close();
}
