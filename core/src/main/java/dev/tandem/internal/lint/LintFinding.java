package dev.tandem.internal.lint;

/**
 * One statement that matches one lint rule.
 *
 * @param rule           the rule; its id, severity and fix are {@link #ruleId()}, {@link #severity()}, {@link #fix()}
 * @param script         the script's file name, e.g. {@code V2__email.sql}
 * @param line           the line the statement starts on
 * @param statement      the statement on one line, shortened
 * @param message        what the statement does and why that breaks or stalls running app versions
 * @param acceptedReason the reason the script gives for accepting the rule, or null when it does not
 */
public record LintFinding(LintRule rule, String script, int line, String statement, String message,
                          String acceptedReason) {

    public String ruleId() {
        return rule.id();
    }

    public Severity severity() {
        return rule.severity();
    }

    /** Which Tandem operation (or change to the script) does it safely. */
    public String fix() {
        return rule.fix();
    }

    public boolean accepted() {
        return acceptedReason != null;
    }

    /** An error the script does not accept: it stops the expand. */
    public boolean blocking() {
        return severity() == Severity.ERROR && !accepted();
    }

    /** Three lines, as a compiler reports: where, rule and message; the statement; the fix. */
    public String render() {
        return script + ":" + line + ": " + severity().label() + " " + rule
                + (accepted() ? " (accepted: " + acceptedReason + ")" : "") + ": " + message
                + "\n    " + statement
                + "\n    fix: " + fix();
    }
}
