package dev.tandem.mysql.internal;

/**
 * A trigger as {@code information_schema.triggers} describes it, with what creating it again takes.
 *
 * @param info                its name, event, timing and place
 * @param statement           its body ({@code ACTION_STATEMENT}), as it was written
 * @param sqlMode             the {@code sql_mode} it was created under, which its body runs under
 * @param collationConnection the {@code collation_connection} it was created under, its string literals' collation
 */
record TriggerDefinition(TriggerInfo info, String statement, String sqlMode, String collationConnection) {

    String name() {
        return info.name();
    }
}
