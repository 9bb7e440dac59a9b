package dev.tandem.mysql.internal;

import dev.tandem.spi.OperationSpec;

/** Quoting for MySQL/MariaDB: no identifier or literal is ever spliced into SQL unquoted. */
public final class Identifiers {

    private Identifiers() {
    }

    /** {@code name} as a quoted identifier: {@code `name`}, backticks doubled. */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A name as a statement writes it ({@link #WRITTEN_NAME}'s part), its quotes taken off. */
    static String unquoted(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    /**
     * A regular expression for a name as a statement writes it, quoted (backticks doubled inside) or not,
     * and the schema's name before it if any; one capturing group, the whole name as written.
     */
    static final String WRITTEN_NAME = "((?:`(?:[^`]|``)+`|[\\w$]+)(?:\\s*\\.\\s*(?:`(?:[^`]|``)+`|[\\w$]+))?)";

    /** The longest name of a table, column, index or trigger on both servers. */
    static final int MAX_NAME = 64;
    /** What a shortened name keeps of its stem's end: {@code _} and eight hex digits of a checksum. */
    private static final int CHECKSUM_CHARS = 9;
    /** The least of its stem a name {@link #shortened} keeps, for a suffix of at most four characters (Tandem's). */
    static final int SHORTENED_STEM = MAX_NAME - 4 - CHECKSUM_CHARS;

    /**
     * {@code stem + suffix}, or, past {@link #MAX_NAME} characters, the stem cut short and followed by
     * {@code _} and its CRC32 in hex before the suffix: names of Tandem's own objects stay unique and
     * recognisable (the suffix says what they are) whatever the length of the names they derive from.
     */
    static String shortened(String stem, String suffix) {
        if (stem.length() + suffix.length() <= MAX_NAME) {
            return stem + suffix;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(stem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return stem.substring(0, MAX_NAME - suffix.length() - CHECKSUM_CHARS) + "_" + String.format("%08x", crc.getValue())
                + suffix;
    }

    /**
     * The name {@code field} gives a new table, column, index or constraint, refused as the script is read when
     * the servers would refuse it at the expand: longer than {@link #MAX_NAME} characters.
     */
    static String newName(OperationSpec spec, String field) {
        return fitting(spec, field, spec.requireString(field), "");
    }

    /**
     * {@code name}, the value of {@code field}, refused as the script is read when {@code prefix + name}, a
     * name Tandem gives an object of its own, would be longer than {@link #MAX_NAME} characters.
     */
    static String fitting(OperationSpec spec, String field, String name, String prefix) {
        int length = (prefix + name).codePointCount(0, (prefix + name).length());
        if (length > MAX_NAME) {
            throw spec.error(field, "'" + name + "' is too long: " + (prefix.isEmpty() ? "MySQL and MariaDB take names"
                    : "Tandem names an object of its own " + prefix + name + ", and MySQL and MariaDB take names") + " of up to "
                    + MAX_NAME + " characters. Choose a name of up to " + (MAX_NAME - prefix.length()) + " characters");
        }
        return name;
    }

    /** {@code text} as a string literal, for the few places a statement cannot take a parameter (SET). */
    public static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
