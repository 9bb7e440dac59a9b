package dev.tandem.internal.engine;

import dev.tandem.TandemConfiguration;
import java.util.function.BiConsumer;

/**
 * For Tandem's own tests only: installs a {@link StepHook} on a configuration, which the public API does
 * not offer. {@link TandemConfiguration} hands over its setter when its class is initialised (the
 * "shared secrets" pattern of the JDK), so the hook stays out of the public API.
 */
public final class EngineAccess {

    private static volatile BiConsumer<TandemConfiguration, StepHook> hookSetter;

    private EngineAccess() {
    }

    /** Called once by {@link TandemConfiguration}'s static initialiser. */
    public static void allowStepHooks(BiConsumer<TandemConfiguration, StepHook> setter) {
        hookSetter = setter;
    }

    /** Installs {@code hook} on {@code configuration}; returns the configuration, for chaining. */
    public static TandemConfiguration stepHook(TandemConfiguration configuration, StepHook hook) {
        // An instance exists, so its class was initialised and the setter handed over.
        hookSetter.accept(configuration, hook);
        return configuration;
    }
}
