package dev.tandem;

import dev.tandem.internal.move.Cutover;
import dev.tandem.internal.move.MoveFinish;
import dev.tandem.internal.move.MovePreparation;
import dev.tandem.internal.move.MoveServers;
import dev.tandem.internal.move.MoveStatusReader;
import dev.tandem.internal.move.MoveVerification;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.MigrationLock;
import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveState;
import dev.tandem.spi.Throttle;
import java.time.Duration;

/**
 * A move of the database to another server, coordinated from here ({@link Tandem#move(MoveOptions)}; the
 * command line's {@code tandem move}; docs/move.md): {@link #prepare()}, {@link #verify()}, {@link #cutover()},
 * {@link #back()}, {@link #finish()}, {@link #status()}. The move's state is in the databases, not in this
 * object: every call reads it, does the next steps and records them, and may be repeated or made from another
 * process after this one died. Calls that change something take a lock, so two coordinators never interleave.
 */
public final class TandemMove implements AutoCloseable {

    /** How long a call waits for another coordinator's step to end. */
    static final Duration COORDINATOR_LOCK_WAIT = Duration.ofSeconds(30);

    private final MoveServers servers;
    private final Dialect dialect;
    private final MoveOptions options;
    private final Throttle throttle;
    private final ClassLoader classLoader;

    TandemMove(MoveServers servers, Dialect dialect, MoveOptions options, Throttle throttle, ClassLoader classLoader) {
        this.servers = servers;
        this.dialect = dialect;
        this.options = options;
        this.throttle = throttle;
        this.classLoader = classLoader;
    }

    /**
     * Checks both servers (a failed check throws {@link MoveRefusedException}, nothing changed), records the
     * move, copies the database into the target from one snapshot and starts it replicating — or, with
     * {@link MoveOptions#withAdopt}, adopts a target that replicates already. Resumes an interrupted copy.
     */
    public MoveStatus prepare() {
        locked(lock -> new MovePreparation(servers, options, throttle, lock).run());
        return status();
    }

    /** Where the move stands; reads only. */
    public MoveStatus status() {
        return new MoveStatusReader(servers).read();
    }

    /** Compares both servers; a comparison that finds them identical is recorded, and lets a cut-over begin. */
    public ComparisonReport verify() {
        return verify((table, done, estimate) -> { });
    }

    /** Like {@link #verify()}, telling {@code listener} the comparison's progress. */
    public ComparisonReport verify(ComparisonListener listener) {
        return new MoveVerification(servers, classLoader, listener).run();
    }

    /** Switches the application to the move's destination through the fleet (docs/move.md, "The cut-over"). */
    public CutoverResult cutover() {
        return locked(lock -> new Cutover(servers, options, lock).run(MoveState.Side.DESTINATION));
    }

    /** Switches the application back to the move's original server: the same cut-over, the other way. */
    public CutoverResult back() {
        return locked(lock -> new Cutover(servers, options, lock).run(MoveState.Side.ORIGINAL));
    }

    /** Stops the replication into the server that does not serve, which is forgotten from then on. */
    public MoveStatus finish() {
        locked(lock -> new MoveFinish(servers, options, lock).run());
        return status();
    }

    /** A step that may wait, taken under {@code lock}. */
    @FunctionalInterface
    private interface Step<T> {
        T run(MigrationLock lock) throws InterruptedException;
    }

    /** Runs {@code step} under the coordinators' lock, on the server the application does not use. */
    private <T> T locked(Step<T> step) {
        MoveRecord record = servers.freshest().orElse(null);
        MoveServers.Server lockServer = record == null ? servers.target() : servers.other(record);
        try (MigrationLock lock = dialect.moveLock(lockServer.pool())) {
            lock.acquire(COORDINATOR_LOCK_WAIT);
            return step.run(lock);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TandemException("Interrupted: the move's step stopped where it was; run it again to go on", e);
        }
    }

    /** Closes the connections to both servers. */
    @Override
    public void close() {
        servers.close();
    }
}
