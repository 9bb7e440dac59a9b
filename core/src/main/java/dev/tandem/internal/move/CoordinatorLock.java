package dev.tandem.internal.move;

import dev.tandem.TandemException;
import dev.tandem.spi.MigrationLock;

/**
 * The coordinators' lock as one move command holds it. Its session can end under the command (a network stall
 * past its idle limit, a KILL), and another coordinator may then take the lock and do the same work: so before
 * each step that would collide with that work the command asks whether it holds the lock still, and stops where
 * it is if not. What was done stays recorded; the next command goes on from it.
 */
final class CoordinatorLock {

    private final MigrationLock lock;
    private final String command;

    /** {@code lock} as held by {@code command}, named in the refusal ("tandem move prepare"). */
    CoordinatorLock(MigrationLock lock, String command) {
        this.lock = lock;
        this.command = command;
    }

    /**
     * Throws before {@code step} unless the lock is held still; {@code doing} says what another coordinator may be
     * doing instead, {@code next} where the move stands and what to run.
     */
    void requireHeld(String step, String doing, String next) {
        if (!lock.held()) {
            throw new TandemException(command + " stopped before " + step + ": the session holding the coordinators'"
                    + " lock ended, so another coordinator may be " + doing + " now. " + next);
        }
    }
}
