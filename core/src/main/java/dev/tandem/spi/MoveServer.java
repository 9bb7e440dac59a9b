package dev.tandem.spi;

import dev.tandem.MoveProblem;
import java.time.Duration;
import java.util.List;

/**
 * One server of a move as the dialect drives it: its identity, read-only mode, sessions, binary log position
 * and its replication from the other server. Every method is idempotent, so a cut-over interrupted anywhere
 * can be run again. Positions are the dialect's own text: core only passes them on.
 */
public interface MoveServer {

    /** The server's {@code server_id}. */
    long serverId();

    /** The server for people and the move record: product, version, address. */
    String label();

    /** The problems that stop (or should give pause to) a move from {@code source} to this server. */
    List<MoveProblem> checkAsTarget(MoveServer source, boolean adopt);

    /**
     * Copies the source's schema and rows into this server from one consistent snapshot and starts replicating
     * from the source where the snapshot ends; resumes an interrupted copy; does nothing but make sure
     * replication runs when both are done already.
     */
    CopyReport copyFrom(MoveServer source, CopySettings settings) throws InterruptedException;

    /** Drops what the copy kept for a resume, once the move no longer needs it. */
    void forgetCopy();

    /** Whether this server replicates the moved database from {@code source}, and how that goes. */
    ReplicaState replicaState(MoveServer source);

    /** Starts replicating from {@code source} at its {@code position}; nothing when it already does. */
    void replicateFrom(MoveServer source, String position);

    /** Waits until this server applied everything up to {@code sourcePosition}; false after {@code timeout}. */
    boolean awaitApplied(String sourcePosition, Duration timeout) throws InterruptedException;

    /** Stops replicating and forgets where it replicated from. */
    void stopReplicating();

    /** Where this server's binary log stands now; null when it writes none (nothing can replicate from it). */
    String position();

    /** Refuses writes of every client but replication (and administrators where the server has no stricter mode). */
    void readOnly();

    /** Takes writes again. */
    void writable();

    /** Ends every client session but the caller's and replication's, of any user; returns how many it ended. */
    int endApplicationSessions();

    /** How a copy runs. */
    record CopySettings(int workers, int chunkRows, Throttle throttle, CopyProgress progress) {
    }

    /** Told of a copy's progress after every chunk, from the copy's threads. */
    @FunctionalInterface
    interface CopyProgress {
        void rows(String table, long done, long estimated);
    }

    /**
     * What a copy did.
     *
     * @param rowsCopied        rows written by this run (0 when it found the copy done)
     * @param scannedWithoutKey tables copied by one scan, for want of a key
     * @param notCopied         objects the copy does not carry (views, triggers, routines, events)
     */
    record CopyReport(long rowsCopied, List<String> scannedWithoutKey, List<String> notCopied) {
    }

    /**
     * A server's replication from the other.
     *
     * @param fromSource whether it replicates from the source asked about
     * @param running    both threads run, no error
     * @param lagSeconds its estimate of its lag; null when unknown
     * @param lastError  the last error, empty when none
     */
    record ReplicaState(boolean fromSource, boolean running, Long lagSeconds, String lastError) {
    }
}
