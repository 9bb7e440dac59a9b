package dev.tandem.cli;

/**
 * One problem found in a script, as {@code lint} reports it.
 *
 * @param ruleId         the rule, e.g. {@code parse} for a script that does not parse
 * @param file           the script's file name
 * @param line           the line, or 0 when it concerns the whole file
 * @param fix            how to fix it, or null
 * @param acceptedReason why the team accepted it (the script says so), or null; an accepted finding
 *                       never fails the lint
 */
record LintFinding(String ruleId, Severity severity, String file, int line, String message, String fix,
                   String acceptedReason) {

    enum Severity { ERROR, WARNING, INFO }
}
