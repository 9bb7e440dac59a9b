package dev.tandem;

import java.util.Locale;

/**
 * One statement that matches one lint rule (see docs/lint.md).
 *
 * @param ruleId         the rule's stable id, e.g. {@code TL101}
 * @param ruleName       the rule's kebab-case name, e.g. {@code drop-column}
 * @param severity       whether it stops the expand (unless accepted) or is only reported
 * @param script         the script's file name, e.g. {@code V2__email.sql}
 * @param line           the line the statement starts on
 * @param statement      the statement on one line, shortened
 * @param message        what the statement does and why that breaks or stalls running app versions
 * @param fix            which Tandem operation (or change to the script) does it safely
 * @param acceptedReason the reason the script gives for accepting the rule, or null when it does not
 */
public record LintFinding(String ruleId, String ruleName, Severity severity, String script, int line, String statement,
                          String message, String fix, String acceptedReason) {

    /** How much a lint finding weighs. */
    public enum Severity {
        /** Breaks app versions that still run; stops the expand unless the script accepts it with a reason. */
        ERROR,
        /** Blocks writes, copies a table, or is in an unusual place; reported, never stops anything. */
        WARNING;

        /** {@code error} or {@code warning}, as compilers print it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The rule as messages name it, e.g. {@code TL101 drop-column}. */
    public String rule() {
        return ruleId + " " + ruleName;
    }

    public boolean accepted() {
        return acceptedReason != null;
    }

    /** An error the script does not accept: it stops the expand. */
    public boolean blocking() {
        return severity == Severity.ERROR && !accepted();
    }

    /** Three lines, as a compiler reports: where, rule and message; the statement; the fix. */
    public String render() {
        return script + ":" + line + ": " + severity.label() + " " + rule()
                + (accepted() ? " (accepted: " + acceptedReason + ")" : "") + ": " + message
                + "\n    " + statement
                + "\n    fix: " + fix;
    }
}
