package dev.tandem.mysql.internal;

import java.util.List;

/**
 * How a backfill rewrites its table, and why, as the log and {@code tandem plan} say it: decided by
 * {@link #of}, a pure function of what the script asks, the threshold, the table's size and what stands in
 * the way of a copy.
 *
 * @param outcome what it does
 * @param reason  why, for a person
 */
record BackfillChoice(Outcome outcome, String reason) {

    enum Outcome {
        /** The rows updated in place ({@link ChunkedBackfill#inPlace}). */
        IN_PLACE,
        /** A copy of the table, swapped in ({@link CopyExpand}). */
        COPY,
        /** The script asks for a copy that cannot be made: nothing runs. */
        REFUSED
    }

    /**
     * @param asked         the operation's {@code strategy}
     * @param threshold     the rows from which a table is copied when the script does not say
     * @param estimatedRows the server's estimate of the table's rows
     * @param problems      what stands in the way of a copy ({@link CopySafety}); none when it can be made
     */
    static BackfillChoice of(BackfillStrategy asked, long threshold, long estimatedRows, List<String> problems) {
        String rows = "~" + estimatedRows + " rows";
        String obstacles = String.join("; ", problems);
        return switch (asked) {
            case IN_PLACE -> new BackfillChoice(Outcome.IN_PLACE, "in place: the operation asks for in_place");
            case COPY -> problems.isEmpty() ? new BackfillChoice(Outcome.COPY, "a copy: the operation asks for copy")
                    : new BackfillChoice(Outcome.REFUSED, "the operation asks for a copy, but the table cannot be copied: "
                    + obstacles);
            case AUTO -> estimatedRows < threshold
                    ? new BackfillChoice(Outcome.IN_PLACE, "in place: " + rows + ", under copyExpandThreshold " + threshold)
                    : problems.isEmpty()
                    ? new BackfillChoice(Outcome.COPY, "a copy: " + rows + ", copyExpandThreshold " + threshold)
                    : new BackfillChoice(Outcome.IN_PLACE, "in place: " + rows + " (copyExpandThreshold " + threshold
                    + "), but the table cannot be copied: " + obstacles);
        };
    }

    boolean copies() {
        return outcome == Outcome.COPY;
    }
}
