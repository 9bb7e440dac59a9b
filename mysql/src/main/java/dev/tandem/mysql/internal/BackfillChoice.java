package dev.tandem.mysql.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * How a backfill rewrites its table, and why, as the log and {@code tandem plan} say it: decided by
 * {@link #of}, a pure function of what the script asks, the threshold, the table's size, what stands in
 * the way of a copy and the disk space it would take.
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
     * @param space         the disk space a copy takes, and what the server has free: not enough is a problem too
     */
    static BackfillChoice of(BackfillStrategy asked, long threshold, long estimatedRows, List<String> problems,
                             CopySpace space) {
        String rows = "~" + estimatedRows + " rows";
        List<String> obstacles = new ArrayList<>(problems);
        space.problem().ifPresent(obstacles::add);
        String why = String.join("; ", obstacles);
        String takes = "; " + space.note();
        return switch (asked) {
            case IN_PLACE -> new BackfillChoice(Outcome.IN_PLACE, "in place: the operation asks for in_place");
            case COPY -> obstacles.isEmpty() ? new BackfillChoice(Outcome.COPY, "a copy: the operation asks for copy" + takes)
                    : refused(why);
            case AUTO -> estimatedRows < threshold
                    ? new BackfillChoice(Outcome.IN_PLACE, "in place: " + rows + ", under copyExpandThreshold " + threshold)
                    : obstacles.isEmpty()
                    ? new BackfillChoice(Outcome.COPY, "a copy: " + rows + ", copyExpandThreshold " + threshold + takes)
                    : new BackfillChoice(Outcome.IN_PLACE, "in place: " + rows + " (copyExpandThreshold " + threshold
                    + "), but the table cannot be copied: " + why);
        };
    }

    /** A copy asked for that {@code why} stands in the way of. */
    static BackfillChoice refused(String why) {
        return new BackfillChoice(Outcome.REFUSED, "the operation asks for a copy, but the table cannot be copied: " + why);
    }

    /** This choice with {@code note} added to its reason (for a copy: who writes it, {@link CopyChunks#writersNote}). */
    BackfillChoice noting(String note) {
        return new BackfillChoice(outcome, reason + "; " + note);
    }

    boolean copies() {
        return outcome == Outcome.COPY;
    }
}
