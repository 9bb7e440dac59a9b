package dev.tandem;

/**
 * Hears what Tandem does, e.g. to flip a health check. Callbacks run on Tandem's threads and must
 * return quickly; an exception thrown by one is logged and otherwise ignored.
 */
public interface TandemListener {

    /** A migration moved to {@code state}. */
    default void stateChanged(String version, MigrationState state) {
    }

    /** A backfill run by this instance made progress (at most every few seconds, and when it ends). */
    default void backfillProgress(BackfillProgress progress) {
    }

    /** Every migration this app knows is expanded, backfilled and verified: the node may serve traffic. */
    default void ready() {
    }

    /** A non-blocking start failed; {@link Tandem#isReady()} stays false. */
    default void failed(TandemException failure) {
    }
}
