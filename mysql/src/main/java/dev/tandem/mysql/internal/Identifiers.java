package dev.tandem.mysql.internal;

/** Quoting for MySQL/MariaDB: no identifier or literal is ever spliced into SQL unquoted. */
public final class Identifiers {

    private Identifiers() {
    }

    /** {@code name} as a quoted identifier: {@code `name`}, backticks doubled. */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** {@code text} as a string literal, for the few places a statement cannot take a parameter (SET). */
    public static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
