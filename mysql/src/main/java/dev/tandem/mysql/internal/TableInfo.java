package dev.tandem.mysql.internal;

/**
 * A table of the application's schema as {@code information_schema.tables} describes it.
 *
 * @param name      the table's name as the server spells it
 * @param collation its default collation, which a new column without its own takes
 */
record TableInfo(String name, String collation) {
}
