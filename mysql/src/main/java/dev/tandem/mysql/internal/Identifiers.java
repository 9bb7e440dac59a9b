package dev.tandem.mysql.internal;

/** Quoting for MySQL/MariaDB: no identifier or literal is ever spliced into SQL unquoted. */
final class Identifiers {

    private Identifiers() {
    }

    /** {@code name} as a quoted identifier: {@code `name`}, backticks doubled. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** {@code text} as a string literal, for the few places a statement cannot take a parameter (SET). */
    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
