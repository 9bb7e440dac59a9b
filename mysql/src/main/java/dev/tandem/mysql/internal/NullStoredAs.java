package dev.tandem.mysql.internal;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a NOT NULL column stores where a write leaves it NULL and the server lets the write through, as SQL a
 * trigger can compute; null where the trigger cannot know it, or the server refuses the write.
 *
 * <p>A BEFORE trigger sees such a column NULL ({@code NEW.c IS NULL}): the server puts the stored value in only
 * after the triggers ran. Without a strict {@code sql_mode} (or with {@code UPDATE IGNORE}, or in a multi-row
 * {@code INSERT}) it stores the type's implicit value (0, ''), MariaDB gives a TIMESTAMP the statement's time in
 * every mode, MySQL too where the session's {@code explicit_defaults_for_timestamp} is off, and MySQL gives an ENUM
 * left out of an INSERT its first value in every mode. A sync trigger that computed its value from the NULL would
 * keep in the other shape what the row does not hold.
 *
 * <p>The zero dates are values a trigger body holds: Tandem creates its triggers without {@code NO_ZERO_DATE}
 * ({@code SyncSession}). Not given, where the trigger cannot tell it or cannot hold it in its strict mode: an empty
 * ENUM (an UPDATE's, or MariaDB's), JSON's null, a YEAR (whose 0 depends on how it is written).
 *
 * @param onInsert what an INSERT stores, or null
 * @param onUpdate what an UPDATE stores, or null
 */
record NullStoredAs(String onInsert, String onUpdate) {

    /** A read of {@link #read} that may give the statement's time, which a row carried into a copy never takes. */
    private static final Pattern TIMED_READ = Pattern.compile("COALESCE\\(NEW\\.(`(?:[^`]|``)+`), (?:CURRENT_TIMESTAMP\\(\\d+\\)"
            + "|IF\\(@@explicit_defaults_for_timestamp, '0000-00-00 00:00:00', CURRENT_TIMESTAMP\\(\\d+\\)\\))\\)");

    /** A column whose NULL is NULL: nullable, or one the trigger cannot tell the stored value of. */
    static final NullStoredAs NONE = new NullStoredAs(null, null);

    private static final String ZERO_DATETIME = "'0000-00-00 00:00:00'";
    private static final Set<String> ZERO = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal",
            "numeric", "float", "double", "real", "bit");
    private static final Set<String> EMPTY = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "varbinary",
            "tinyblob", "blob", "mediumblob", "longblob", "set");
    /** The first value of an ENUM's list, as information_schema writes the type: {@code enum('b','a')}. */
    private static final Pattern FIRST_ENUM_VALUE = Pattern.compile("enum\\(('(?:[^']|'')*')", Pattern.CASE_INSENSITIVE);
    /** The length in a type such as {@code binary(4)} or the precision in {@code timestamp(3)}. */
    private static final Pattern LENGTH = Pattern.compile("\\((\\d+)\\)");

    static NullStoredAs of(ColumnInfo column, boolean mariaDb) {
        if (column.definition().nullable() || column.isGenerated() || column.isAutoIncrement()) {
            return NONE;
        }
        String type = column.definition().type();
        String dataType = column.dataType();
        if (ZERO.contains(dataType)) {
            return both("0");
        }
        if (EMPTY.contains(dataType)) {
            return both("''");
        }
        return switch (dataType) {
            case "binary" -> both("CAST('' AS BINARY(" + length(type, "1") + "))");
            case "time" -> both("'00:00:00'");
            case "date" -> both("'0000-00-00'");
            case "datetime" -> both(ZERO_DATETIME);
            case "timestamp" -> both((mariaDb ? "" : "IF(@@explicit_defaults_for_timestamp, " + ZERO_DATETIME + ", ")
                    + "CURRENT_TIMESTAMP(" + length(type, "0") + ")" + (mariaDb ? "" : ")"));
            case "enum" -> mariaDb ? NONE : new NullStoredAs(firstEnumValue(type), null);
            default -> NONE;
        };
    }

    /** {@code NEW.c} as the row will hold it, for an INSERT or an UPDATE ({@code event}). */
    String read(String quotedColumn, String event) {
        String value = event.equals("INSERT") ? onInsert : onUpdate;
        return value == null ? "NEW." + quotedColumn : "COALESCE(NEW." + quotedColumn + ", " + value + ")";
    }

    /**
     * {@code body}, a trigger's, with each read that may give the statement's time as a plain read: a row carried into
     * a copy holds the values stored, none of them NULL where it was given, so that it computes what it holds.
     */
    static String withoutTimedReads(String body) {
        return TIMED_READ.matcher(body).replaceAll("NEW.$1");
    }

    private static NullStoredAs both(String value) {
        return new NullStoredAs(value, value);
    }

    private static String length(String type, String otherwise) {
        Matcher m = LENGTH.matcher(type);
        return m.find() ? m.group(1) : otherwise;
    }

    private static String firstEnumValue(String type) {
        Matcher m = FIRST_ENUM_VALUE.matcher(type);
        return m.lookingAt() ? m.group(1) : null;
    }
}
