package dev.tandem;

import dev.tandem.spi.Phase;

/**
 * Called around every step Tandem runs. Meant for tests of crash recovery: an {@link Error} thrown
 * from {@link #afterStep} leaves the database exactly as a process killed between running a step and
 * recording it would (nothing more is recorded). Not for production use.
 */
public interface StepHook {

    /** Before step {@code index} (0-based) of {@code phase} of migration {@code version} runs. */
    default void beforeStep(String version, Phase phase, int index) {
    }

    /** After the step ran, before it is recorded as done. */
    default void afterStep(String version, Phase phase, int index) {
    }
}
