package dev.tandem.mysql.internal;

import dev.tandem.spi.OperationSpec;
import java.util.Locale;

/**
 * How an operation's backfill rewrites its table, as the script asks in the operation's {@code strategy}
 * field: by the table's size (the default), as a copy swapped in ({@link CopyExpand}), or in place
 * ({@link ChunkedBackfill}).
 */
enum BackfillStrategy {
    /** A copy from {@code copyExpandThreshold} rows on, where the table can be copied; else in place. */
    AUTO("auto"),
    /** A copy, swapped in; refused before anything runs where the table cannot be copied. */
    COPY("copy"),
    /** The rows updated in place. */
    IN_PLACE("in_place");

    /** The operation field that names it. */
    static final String FIELD = "strategy";

    private final String spelling;

    BackfillStrategy(String spelling) {
        this.spelling = spelling;
    }

    /** The strategy the operation's {@link #FIELD} names, {@link #AUTO} when it names none. */
    static BackfillStrategy of(OperationSpec spec) {
        String asked = spec.optionalString(FIELD).orElse(AUTO.spelling).toLowerCase(Locale.ROOT);
        for (BackfillStrategy strategy : values()) {
            if (strategy.spelling.equals(asked)) {
                return strategy;
            }
        }
        throw spec.error(FIELD, "'" + FIELD + "' must be auto, copy or in_place, not '" + asked + "'");
    }

    /** As scripts spell it. */
    String spelling() {
        return spelling;
    }
}
