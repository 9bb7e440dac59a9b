package dev.tandem.spi;

/** What long-running steps (the backfill) ask before each unit of work. */
public interface Throttle {

    /** Returns when work may go on; blocks (and says why, now and then) while it may not. */
    void awaitGo(String who) throws InterruptedException;

    /** A throttle that never waits. */
    Throttle NONE = who -> { };
}
