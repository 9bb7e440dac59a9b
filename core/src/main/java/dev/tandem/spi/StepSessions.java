package dev.tandem.spi;

/**
 * Opens the database sessions that run the steps of a phase, one session per phase run (see
 * {@link StepSession}): step execution, apart from the {@link StateStore} that records where migrations stand.
 */
@FunctionalInterface
public interface StepSessions {

    /** A new session on a connection of its own; close it when the phase ends. */
    StepSession open();
}
