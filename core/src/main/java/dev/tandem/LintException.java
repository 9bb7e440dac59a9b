package dev.tandem;

/** Lint errors that no script accepts: the expand does not run. The message is the whole report. */
public class LintException extends TandemException {

    private static final long serialVersionUID = 1L;

    private final transient LintReport report;

    public LintException(LintReport report) {
        super("The migration scripts have statements that break app versions still running; change them, or"
                + " accept a rule with a reason ('-- tandem:accept <rule id> <reason>', see docs/lint.md):\n"
                + report.render());
        this.report = report;
    }

    public LintReport report() {
        return report;
    }
}
