package dev.tandem.spi;

/** What long-running steps (the backfill) ask before each unit of work. */
public interface Throttle {

    /** Returns when work may go on; blocks (and says why, now and then) while it may not. */
    void awaitGo(String who) throws InterruptedException;

    /**
     * The time one unit of work (a backfill chunk) aims at: longer units go faster, shorter ones hold
     * their row locks, and delay the application's writes to those rows, for less time.
     */
    java.time.Duration unitTarget();
}
