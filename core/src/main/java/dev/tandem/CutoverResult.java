package dev.tandem;

import java.time.Duration;
import java.util.List;

/**
 * How a cut-over (or a move back) ended.
 *
 * @param outcome       whether the database switched servers
 * @param epoch         the cut-over attempt
 * @param serving       the server the application uses now
 * @param acknowledged  the instances that held and acknowledged
 * @param missing       live instances that did not acknowledge in time (why an abandoned cut-over was abandoned)
 * @param cannotFollow  instances that said they cannot reach the other server, with why
 * @param pause         from the hold to the switch recorded, as the coordinator saw it
 * @param reason        why it was abandoned, or what was already done; empty otherwise
 */
public record CutoverResult(Outcome outcome, long epoch, String serving, List<String> acknowledged, List<String> missing,
                            List<String> cannotFollow, Duration pause, String reason) {

    /** How a cut-over ended. */
    public enum Outcome {
        /** The other server serves now; the old one replicates from it. */
        SWITCHED,
        /** The same server serves on, writable; nothing was lost. */
        ABANDONED
    }
}
