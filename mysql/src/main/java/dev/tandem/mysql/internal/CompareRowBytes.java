package dev.tandem.mysql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A row as one string of bytes that both servers build alike from equal values, and that no two different
 * rows share: what its hashes are taken of. The values come first, each as its bytes ({@code CAST AS
 * BINARY}: text in its column's character set, numbers and times as their text; a value of a type that can
 * be longer than a statement's result may be, its MD5: {@link #digested}), joined by
 * {@link #SEPARATOR}; a trailer follows, after the last separator, that says where they split: for each
 * column whose text may hold the separator (text, bytes, JSON, ENUM, BIT...) its length in bytes, for each
 * nullable column whether it is NULL ({@link CompareSql#NULL_MARKER} for a length, 1 or 0 otherwise).
 * Numbers and times need no length: their text never holds the separator.
 *
 * <p>Why this shape: {@code CONCAT_WS} skips a NULL instead of turning the row into NULL, and a row is
 * put together once, with one length per text value, instead of a length prefix built around every
 * value — the building, not the hash, is what a row costs (measured in docs/benchmarks.md). The same
 * columns give the same trailer on both sides because how a column is described is decided from both
 * sides' definitions ({@link CompareSql#value}).
 */
final class CompareRowBytes {

    /** Between two values: {@code '#'}, which the text of a number or a time never holds. */
    static final String SEPARATOR = "0x23";

    /** Types whose text is digits, signs, points, exponents, dashes, colons and spaces only. */
    private static final Set<String> DELIMITED_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "integer",
            "bigint", "decimal", "numeric", "float", "double", "real", "date", "datetime", "timestamp", "time", "year");

    /**
     * Types whose values may be longer than {@code max_allowed_packet} (up to 4 GiB): a {@code CONCAT_WS} whose
     * result would be longer gives NULL, with a mere warning, and a row's NULL hash drops out of its chunk's
     * XOR, so the row's values were never compared. Each such value is put in as its MD5 instead (32 hex
     * digits, never the separator), which a value of any length has.
     */
    private static final Set<String> LONG_TYPES = ColumnInfo.withSpatial("tinytext", "text", "mediumtext", "longtext",
            "tinyblob", "blob", "mediumblob", "longblob", "json");

    private CompareRowBytes() {
    }

    /** Whether a column of these two types is put in as its MD5 on both sides: it is of a long type on either. */
    static boolean digested(ColumnInfo source, ColumnInfo target) {
        return LONG_TYPES.contains(source.dataType()) || LONG_TYPES.contains(target.dataType());
    }

    /** Whether a column of these two types is a number or a time on both sides, so its text needs no length. */
    static boolean delimited(ColumnInfo source, ColumnInfo target) {
        return DELIMITED_TYPES.contains(source.dataType()) && DELIMITED_TYPES.contains(target.dataType());
    }

    /** The row bytes of one side, whose expressions {@code side} picks from each compared value. */
    static String of(List<CompareSql.Value> values, Function<CompareSql.Value, String> side) {
        List<String> parts = new ArrayList<>();
        List<String> trailer = new ArrayList<>();
        for (CompareSql.Value value : values) {
            String expression = side.apply(value);
            parts.add(value.digested() ? "MD5(" + expression + ")" : "CAST(" + expression + " AS BINARY)");
            if (!value.delimited()) {
                String length = "LENGTH(" + expression + ")";
                trailer.add(value.nullable() ? "COALESCE(" + length + ", '" + CompareSql.NULL_MARKER + "')" : length);
            } else if (value.nullable()) {
                trailer.add("ISNULL(" + expression + ")");
            }
        }
        parts.add(trailer.isEmpty() ? "''" : "CONCAT_WS(',', " + String.join(", ", trailer) + ")");
        return "CONCAT_WS(" + SEPARATOR + ", " + String.join(", ", parts) + ")";
    }
}
