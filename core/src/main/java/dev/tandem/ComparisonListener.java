package dev.tandem;

/** Hears a {@link DatabaseComparison}'s progress, table by table (for a progress bar or a log line). */
@FunctionalInterface
public interface ComparisonListener {

    /**
     * {@code rowsDone} rows of the source's {@code table} compared so far, of about {@code rowsEstimate}
     * (the server's estimate: may be off, 0 when unknown).
     */
    void progress(String table, long rowsDone, long rowsEstimate);
}
