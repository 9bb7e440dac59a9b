package dev.tandem.mysql.internal;

import dev.tandem.spi.OperationSpec;

/**
 * Where an operation is written and what it acts on, e.g. {@code V2__orders.yaml line 4: add_column
 * orders.total}: the prefix of each of its steps' descriptions and of each refusal, so the reader can
 * find the line in the script.
 *
 * @param script    the script's file name
 * @param line      the line the operation starts on
 * @param operation the operation's name in scripts, e.g. {@code add_column}
 * @param subject   what it acts on, e.g. {@code orders.total} or {@code orders_total on orders}
 */
record Where(String script, int line, String operation, String subject) {

    /** An operation on {@code subject} as written, e.g. a table, or {@code from to to}. */
    static Where of(OperationSpec spec, String operation, String subject) {
        return new Where(spec.script(), spec.line(), operation, subject);
    }

    /** An operation on a column: {@code table.column}. */
    static Where column(OperationSpec spec, String operation, String table, String column) {
        return of(spec, operation, table + "." + column);
    }

    /** An operation on a named object of a table (an index, a constraint): {@code name on table}. */
    static Where named(OperationSpec spec, String operation, String name, String table) {
        return of(spec, operation, name + " on " + table);
    }

    /** The text steps and refusals start with. */
    String text() {
        return script + " line " + line + ": " + operation + " " + subject;
    }

    @Override
    public String toString() {
        return text();
    }
}
