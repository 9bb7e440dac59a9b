package dev.tandem.internal.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * How often work that runs after each heartbeat is tried again once it keeps failing: at the next beat after
 * a first failure, then after twice as many beats each time (1, 2, 4, 8...), at most every
 * {@link #MOST_BEATS_APART}th. Work that fails the same way every time (a proxy that ends every long
 * statement's session, say) is then not started over at every beat for as long as the node lives, and work
 * that failed once is not kept waiting. Counted in beats, not time, so it follows the heartbeat interval.
 * Used by the after-beat thread alone, one run at a time.
 */
final class BeatBackoff {

    /** The most beats between two tries: about ten minutes at the default 10 s heartbeat. */
    static final int MOST_BEATS_APART = 64;

    /** For each failing piece of work: how many times in a row it failed, and the beats still to let pass. */
    private final Map<String, Failing> failing = new HashMap<>();

    private static final class Failing {
        int failures;
        int beatsToSkip;
    }

    /** Whether {@code work} is tried at this beat; a beat it is not tried at counts towards the next try. */
    boolean due(String work) {
        Failing f = failing.get(work);
        if (f == null || f.beatsToSkip == 0) {
            return true;
        }
        f.beatsToSkip--;
        return false;
    }

    /** Records that {@code work} failed at this beat; returns in how many beats it is tried again. */
    int failed(String work) {
        Failing f = failing.computeIfAbsent(work, w -> new Failing());
        f.failures++;
        int apart = f.failures > Integer.numberOfTrailingZeros(MOST_BEATS_APART) ? MOST_BEATS_APART : 1 << (f.failures - 1);
        f.beatsToSkip = apart - 1;
        return apart;
    }

    /** Forgets {@code work}'s failures: it succeeded, or no longer needs doing. */
    void forget(String work) {
        failing.remove(work);
    }
}
