package dev.tandem.spi;

import java.util.Map;

/**
 * One SQL statement written in a script (a {@code .sql} file or a YAML {@code sql} operation), as a
 * {@link ScriptLinter} reads it.
 *
 * @param script         the script's file name, e.g. {@code V2__email.sql}
 * @param statement      the statement and the line it starts on
 * @param acceptedReasons the lint rules the script accepts for it: rule id (e.g. {@code TL101}) to reason
 */
public record ScriptStatement(String script, ParsedStatement statement, Map<String, String> acceptedReasons) {

    public ScriptStatement {
        acceptedReasons = Map.copyOf(acceptedReasons);
    }

    /** The reason the script gives for accepting the rule {@code ruleId} here, or null when it does not. */
    public String acceptedReason(String ruleId) {
        return acceptedReasons.get(ruleId);
    }
}
