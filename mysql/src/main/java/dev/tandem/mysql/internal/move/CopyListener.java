package dev.tandem.mysql.internal.move;

/** Told of a copy's progress after every chunk: called from the copy's worker threads. */
@FunctionalInterface
public interface CopyListener {

    /** {@code rowsDone} of {@code table} are on the target, of about {@code rowsEstimated} (the server's estimate). */
    void progress(String table, long rowsDone, long rowsEstimated);
}
