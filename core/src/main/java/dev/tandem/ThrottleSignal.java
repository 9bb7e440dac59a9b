package dev.tandem;

import java.util.Optional;

/**
 * Tells the backfill to wait, e.g. while a replica lags or during business hours. Asked before every
 * chunk; a signal that throws counts as "wait" (fail closed): Tandem never loads a database it cannot
 * see the state of.
 */
@FunctionalInterface
public interface ThrottleSignal {

    /** Why to wait now, or empty to go on. */
    Optional<String> reasonToWait() throws Exception;
}
