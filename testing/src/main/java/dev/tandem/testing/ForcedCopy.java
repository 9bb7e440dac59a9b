package dev.tandem.testing;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The switch that runs Tandem's own tests and its demo with the copy-based backfill forced:
 * {@code TANDEM_TEST_COPY_EXPAND_THRESHOLD} holds the {@code copyExpandThreshold} the tests' and the demo's
 * configurations get ({@code 0}: every table that can be copied is). Unset, they keep Tandem's default. An
 * environment variable, not a system property, so that it reaches the separate JVMs the fault tests kill.
 * Read by the tests and the demo only, never by Tandem.
 */
public final class ForcedCopy {

    public static final String VARIABLE = "TANDEM_TEST_COPY_EXPAND_THRESHOLD";

    private ForcedCopy() {
    }

    /** The threshold the switch sets, if it is on. */
    public static OptionalLong threshold() {
        return threshold(System.getenv());
    }

    static OptionalLong threshold(Map<String, String> env) {
        String value = env.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(VARIABLE + " must be a number of rows (0 copies every table that can be"
                    + " copied), not '" + value + "'", e);
        }
    }
}
