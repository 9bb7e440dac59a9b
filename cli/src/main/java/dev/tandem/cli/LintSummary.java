package dev.tandem.cli;

import java.util.List;

/**
 * What {@code lint} found in a directory; its JSON form is {@code lint --json}'s output.
 *
 * @param errors   errors nobody accepted
 * @param warnings warnings nobody accepted
 * @param accepted findings the scripts accept, with a reason
 */
record LintSummary(String directory, int errors, int warnings, int accepted, List<LintFinding> findings) {

    static LintSummary of(String directory, List<LintFinding> findings) {
        int errors = 0;
        int warnings = 0;
        int accepted = 0;
        for (LintFinding f : findings) {
            if (f.acceptedReason() != null) {
                accepted++;
            } else if (f.severity() == LintFinding.Severity.ERROR) {
                errors++;
            } else if (f.severity() == LintFinding.Severity.WARNING) {
                warnings++;
            }
        }
        return new LintSummary(directory, errors, warnings, accepted, List.copyOf(findings));
    }
}
