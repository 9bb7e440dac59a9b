package dev.tandem.internal.engine;

/**
 * A wait on a throttle that {@link Throttler#close} ended: Tandem is closing. Unchecked and no interrupt, so
 * the thread that waited (the application's, for a start run on it) is not left interrupted; the phase runner
 * leaves its step as a crash leaves it.
 */
final class ThrottleClosedException extends RuntimeException {

    ThrottleClosedException(String who) {
        super(who + ": stopped, Tandem was closed");
    }
}
