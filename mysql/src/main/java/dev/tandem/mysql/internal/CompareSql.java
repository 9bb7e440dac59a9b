package dev.tandem.mysql.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements of a database comparison, as pure functions. Each side hashes its own rows on its own
 * server, over the row's bytes ({@link CompareRowBytes}: equal rows give equal bytes on both servers,
 * different rows never do). A chunk's checksum is its row count and the XOR of its rows' hashes, each the
 * first 64 bits of the MD5 of its bytes: order does not matter, rows cannot cancel out because each holds
 * its own key, and a differing chunk passes for equal with a chance of one in 2<sup>64</sup>. Not CRC32,
 * though it costs less: a CRC is linear, so two rows of one chunk changed alike (the same character lost
 * in two values of the same length) change their CRCs alike, and the XOR cancels them out. A chunk found
 * to differ is narrowed down with each row's whole MD5, and a row to its columns with each value's.
 *
 * <p>DOUBLE values are compared as the text the server gives for the stored value, which tells every two
 * doubles apart; FLOATs as that of the double they are exactly ({@code CAST AS DOUBLE}), since the servers
 * print a FLOAT with six digits only, and two stored floats that print alike may differ. TIMESTAMPs are
 * compared as instants ({@code UNIX_TIMESTAMP}), so no session time zone can make them differ.
 */
final class CompareSql {

    /** What stands for NULL in a value's hash and a row's trailer: not a hex digit nor a length. */
    static final String NULL_MARKER = "N";
    /** The character set both sides' text is converted to when compared after a charset conversion: it holds every character. */
    static final String COMMON_CHARSET = "utf8mb4";
    /** The characters of a value the report shows; one more is read, to know that it was shortened. */
    static final int SHOWN_CHARS = 64;
    /** DECIMAL's largest precision on both servers: a cast to it loses no digit of any DECIMAL. */
    private static final int DECIMAL_MAX_PRECISION = 65;

    /**
     * The source schema's tables, each compared unless the request names some: MariaDB lists one that keeps its
     * rows' history as {@code SYSTEM VERSIONED}, not {@code BASE TABLE}, and such tables went unseen on both sides.
     */
    static final String BASE_TABLES = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
            + " AND table_type IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY table_name";
    /** The session's default database: null where the URL names none, and then no table is listed. */
    static final String DATABASE = "SELECT DATABASE()";

    /** Types whose values are bytes, shown in hex: as text they would be unreadable. */
    private static final Set<String> BINARY_TYPES = ColumnInfo.withSpatial("binary", "varbinary", "tinyblob", "blob",
            "mediumblob", "longblob");
    private static final Pattern DECIMAL = Pattern.compile("(?:decimal|numeric)\\((\\d+),(\\d+)\\).*");

    /**
     * How one column is compared: the expression hashed on each side, the expression shown in the report
     * (shortened to {@link #SHOWN_CHARS}), and how the row's bytes describe it on both sides alike: as a
     * number or time whose text needs no length ({@code delimited}), whether either side may hold NULL, and
     * whether it is put in as its own hash ({@code digested}: {@link CompareRowBytes#digested}).
     */
    record Value(String column, String source, String target, String shownSource, String shownTarget,
                 boolean delimited, boolean nullable, boolean digested) {
    }

    private CompareSql() {
    }

    /**
     * How to compare the source's column {@code s} with the target's {@code t}: as stored, except that
     * text is converted to {@link #COMMON_CHARSET} on both sides when {@code afterCharsetConversion} (a
     * character the target could not hold was stored as something else there, and shows), DECIMALs of
     * different scales are both cast to the larger one (1.50 equals 1.5: the scale is a schema
     * difference, reported as one), and TIMESTAMPs of both sides are compared as instants.
     */
    static Value value(ColumnInfo s, ColumnInfo t, boolean afterCharsetConversion) {
        return new Value(s.name(), compared(s, t, afterCharsetConversion), compared(t, s, afterCharsetConversion),
                shown(s), shown(t), CompareRowBytes.delimited(s, t), s.definition().nullable() || t.definition().nullable(),
                CompareRowBytes.digested(s, t));
    }

    private static String compared(ColumnInfo own, ColumnInfo other, boolean afterCharsetConversion) {
        String q = Identifiers.quote(own.name());
        if (afterCharsetConversion && own.definition().characterSet() != null) {
            return "CONVERT(" + q + " USING " + COMMON_CHARSET + ")";
        }
        Matcher ownDecimal = DECIMAL.matcher(own.definition().type().toLowerCase(Locale.ROOT));
        Matcher otherDecimal = DECIMAL.matcher(other.definition().type().toLowerCase(Locale.ROOT));
        if (ownDecimal.matches() && otherDecimal.matches() && !ownDecimal.group(2).equals(otherDecimal.group(2))) {
            int scale = Math.max(Integer.parseInt(ownDecimal.group(2)), Integer.parseInt(otherDecimal.group(2)));
            return "CAST(" + q + " AS DECIMAL(" + DECIMAL_MAX_PRECISION + ", " + scale + "))";
        }
        if (own.dataType().equals("timestamp") && other.dataType().equals("timestamp")) {
            return "UNIX_TIMESTAMP(" + q + ")";
        }
        return own.dataType().equals("float") ? asDouble(q) : q;
    }

    /** A FLOAT as the double it is exactly, which the servers print in full: as a FLOAT they print six digits. */
    private static String asDouble(String quoted) {
        return "CAST(" + quoted + " AS DOUBLE)";
    }

    /** The value as the report shows it: bytes in hex (0x...), everything else as text, cut after {@link #SHOWN_CHARS} + 1. */
    static String shown(ColumnInfo c) {
        String q = Identifiers.quote(c.name());
        return BINARY_TYPES.contains(c.dataType()) ? "CONCAT('0x', HEX(LEFT(" + q + ", " + (SHOWN_CHARS / 2) + ")))"
                : "LEFT(" + (c.dataType().equals("float") ? asDouble(q) : q) + ", " + (SHOWN_CHARS + 1) + ")";
    }

    /** A value's hash: the MD5 of the expression, or {@link #NULL_MARKER} for NULL. */
    static String valueHash(String expression) {
        return "COALESCE(MD5(" + expression + "), '" + NULL_MARKER + "')";
    }

    /** A row's hash, over its {@linkplain CompareRowBytes bytes}: what a differing chunk is narrowed down with. */
    static String rowHash(String rowBytes) {
        return "MD5(" + rowBytes + ")";
    }

    /**
     * The keys after a lower bound (when {@code lower}) and at most an upper bound (when {@code upper});
     * {@code TRUE} when neither. Parameters: the lower bound's values, then the upper's.
     */
    static String range(BackfillKey key, boolean lower, boolean upper) {
        if (!lower && !upper) {
            return "TRUE";
        }
        return (lower ? key.tuple() + " > " + key.placeholders() : "") + (lower && upper ? " AND " : "")
                + (upper ? key.tuple() + " <= " + key.placeholders() : "");
    }

    /**
     * A chunk's row count and the XOR of its rows' hashes: the first 64 bits (16 hex digits) of the MD5 of
     * their {@linkplain CompareRowBytes bytes}, as an unsigned number.
     */
    static String checksum(String t, BackfillKey key, boolean lower, boolean upper, String rowBytes) {
        return "SELECT COUNT(*), " + hashXor(rowBytes) + " FROM " + t + " WHERE " + range(key, lower, upper);
    }

    /** The XOR of rows' hashes, the first 64 bits of the MD5 of their {@linkplain CompareRowBytes bytes}; 0 for none. */
    static String hashXor(String rowBytes) {
        return "COALESCE(BIT_XOR(CAST(CONV(LEFT(" + rowHash(rowBytes) + ", 16), 16, 10) AS UNSIGNED)), 0)";
    }

    /** Each key of a chunk and its row's hash, in key order: what a differing chunk is narrowed down with. */
    static String rowHashes(String t, BackfillKey key, boolean lower, boolean upper, String rowHash) {
        return "SELECT " + key.selected() + ", " + rowHash + " FROM " + t + " WHERE " + range(key, lower, upper)
                + " ORDER BY " + key.list();
    }

    /**
     * The rows of {@code keys} given keys and their hashes: what a differing row is re-checked with. A key
     * no longer there returns no row. Parameters: each key's values in turn.
     */
    static String rowHashesOf(String t, BackfillKey key, String rowHash, int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("a re-check reads at least one key, not " + keys);
        }
        // MySQL 8.0 finds no row for an IN list of two tuples or more that compares an ENUM or a SET with its
        // number (the key's own, BackfillKey#ordinal); each tuple compared alone, it does.
        return "SELECT " + key.selected() + ", " + rowHash + " FROM " + t + " WHERE " + (key.ordinal().isEmpty()
                ? key.tuple() + " IN (" + String.join(", ", Collections.nCopies(keys, key.placeholders())) + ")"
                : String.join(" OR ", Collections.nCopies(keys, key.tuple() + " = " + key.placeholders())));
    }

    /**
     * One row's key and hash, read with a shared lock taken without waiting (an error if a write holds the
     * row): the lock keeps writes off the row until the transaction ends. MySQL 8.0 spells it
     * {@code FOR SHARE NOWAIT}; MariaDB has no {@code FOR SHARE} before 11.x and takes {@code NOWAIT} after
     * {@code LOCK IN SHARE MODE}, which MySQL does not.
     */
    static String lockedRowHashOf(String t, BackfillKey key, String rowHash, boolean mariaDb) {
        return "SELECT " + key.selected() + ", " + rowHash + " FROM " + t + " WHERE " + key.tuple() + " = " + key.placeholders()
                + (mariaDb ? " LOCK IN SHARE MODE NOWAIT" : " FOR SHARE NOWAIT");
    }

    /**
     * The key {@code n} rows after a lower bound (from the first key when none), the last parameter
     * being {@code n - 1} rows to skip: a chunk's upper bound.
     */
    static String keyAfter(String t, BackfillKey key, boolean lower) {
        return "SELECT " + key.selected() + " FROM " + t + " WHERE " + range(key, lower, false) + " ORDER BY " + key.list()
                + " LIMIT 1 OFFSET ?";
    }

    /** The smallest and largest value of an integer key (NULLs when the table is empty): the range its spans walk. */
    static String keyRange(String t, BackfillKey key) {
        return "SELECT MIN(" + key.list() + "), MAX(" + key.list() + ") FROM " + t;
    }

    /** The last key after a lower bound (of all when none): the upper bound of a side's last chunk. */
    static String lastKey(String t, BackfillKey key, boolean lower) {
        String descending = String.join(", ", key.columns().stream().map(c -> Identifiers.quote(c) + " DESC").toList());
        return "SELECT " + key.selected() + " FROM " + t + " WHERE " + range(key, lower, false) + " ORDER BY " + descending
                + " LIMIT 1";
    }

    /** One row by its key: each value's hash and the value as shown, in turn ({@code cells} alternates the two). */
    static String row(String t, BackfillKey key, List<String> cells) {
        return "SELECT " + String.join(", ", cells) + " FROM " + t + " WHERE " + key.tuple() + " = " + key.placeholders();
    }

    /** The hash and shown value of each expression in turn: the cells {@link #row} and {@link #fullScan} read. */
    static List<String> cells(List<String> compared, List<String> shown) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < compared.size(); i++) {
            cells.add(valueHash(compared.get(i)));
            cells.add(shown.get(i));
        }
        return cells;
    }

    /**
     * Every row of a table without a key: its hash, then its shown values, ordered by the hash. A hash is
     * lowercase hex, which every collation orders as Java orders strings, so both servers and the merge agree.
     */
    static String fullScan(String t, String rowHash, List<String> shown) {
        return "SELECT " + rowHash + " AS h" + (shown.isEmpty() ? "" : ", " + String.join(", ", shown)) + " FROM " + t
                + " ORDER BY h";
    }
}
