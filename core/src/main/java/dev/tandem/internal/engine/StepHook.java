package dev.tandem.internal.engine;

import dev.tandem.spi.Phase;

/**
 * Called around every step Tandem runs. Meant for tests of crash recovery: an {@link Error} thrown
 * from {@link #afterStep} leaves the database exactly as a process killed between running a step and
 * recording it would (nothing more is recorded). Not for production use, and not API: tests install
 * it with {@link EngineAccess#stepHook}.
 */
public interface StepHook {

    /** The hook that does nothing (every run outside a test). */
    StepHook NONE = new StepHook() {
    };

    /** Before step {@code index} (0-based) of {@code phase} of migration {@code version} runs. */
    default void beforeStep(String version, Phase phase, int index) {
    }

    /** After the step ran, before it is recorded as done. */
    default void afterStep(String version, Phase phase, int index) {
    }
}
