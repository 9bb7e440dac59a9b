package dev.tandem;

import dev.tandem.LintFinding.Severity;
import java.util.List;
import java.util.stream.Collectors;

/** The findings of a lint run, in script and line order (see docs/lint.md). */
public final class LintReport {

    private final List<LintFinding> findings;

    public LintReport(List<LintFinding> findings) {
        this.findings = List.copyOf(findings);
    }

    public List<LintFinding> findings() {
        return findings;
    }

    /** Whether an error stands that no script accepts: the expand must not run. */
    public boolean hasErrors() {
        return findings.stream().anyMatch(LintFinding::blocking);
    }

    /** Every finding as a compiler prints it, then a count such as {@code 2 errors, 1 warning, 1 accepted}. */
    public String render() {
        long accepted = findings.stream().filter(LintFinding::accepted).count();
        String summary = count(Severity.ERROR) + ", " + count(Severity.WARNING) + ", " + accepted + " accepted";
        return findings.stream().map(f -> f.render() + "\n").collect(Collectors.joining()) + summary;
    }

    private String count(Severity severity) {
        long n = findings.stream().filter(f -> f.severity() == severity && !f.accepted()).count();
        return n + " " + severity.label() + (n == 1 ? "" : "s");
    }

    @Override
    public String toString() {
        return render();
    }
}
