package dev.tandem.mysql.internal;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a NOT NULL column stores where a write leaves it NULL and the server lets the write through, as statements
 * a trigger can set a variable of the column's type with; none where the trigger cannot know it.
 *
 * <p>A BEFORE trigger sees such a column NULL ({@code NEW.c IS NULL}): the server puts the stored value in only
 * after the triggers ran. Without a strict {@code sql_mode} (or with {@code UPDATE IGNORE}, or in a multi-row
 * {@code INSERT}) it stores the type's implicit value (0, '', a zero date), MariaDB gives a TIMESTAMP set to NULL
 * the statement's time in every mode, MySQL too where the session's {@code explicit_defaults_for_timestamp} is off,
 * and MySQL gives an ENUM left out of an INSERT its first value in every mode. A sync trigger that computed its
 * value from the NULL would keep in the other shape what the row does not hold.
 *
 * <p>The value is set into a variable of the column's own type, never read through an expression with it: a
 * {@code COALESCE(NEW.c, 0)} has a type of its own (a FLOAT's is DOUBLE, a DATE's a string), which every row, not
 * only the NULL ones, would be converted through. The zero dates are values a trigger body holds: Tandem creates
 * its triggers without {@code NO_ZERO_DATE} ({@code SyncSession}). Not given, where the trigger cannot tell it or
 * cannot hold it in its strict mode: an empty ENUM (an UPDATE's, or MariaDB's), JSON's null, a YEAR (whose 0
 * depends on how it is written), the types of either server's own (MariaDB's INET6 and UUID, spatial types).
 *
 * @param onInsert what sets {@link #VARIABLE} to what an INSERT stores, or null
 * @param onUpdate the same for an UPDATE, or null
 */
record NullStoredAs(String onInsert, String onUpdate) {

    /** A column whose NULL is NULL: nullable, or one the trigger cannot tell the stored value of. */
    static final NullStoredAs NONE = new NullStoredAs(null, null);

    /** Where the statements of {@link #onInsert} and {@link #onUpdate} name the variable they set. */
    static final String VARIABLE = "{variable}";

    /**
     * A {@link #fill} that may give the statement's time, which a row carried into a copy never takes; group 1 is
     * the variable.
     */
    private static final Pattern TIMED_FILL = Pattern.compile("IF (`(?:[^`]|``)+`) IS NULL THEN (?:IF @@explicit_defaults_for_timestamp"
            + " THEN SET \\1 = '0000-00-00 00:00:00'; ELSE )?SET \\1 = CURRENT_TIMESTAMP\\(\\d+\\);(?: END IF;)? END IF;");

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
            return both(set("0"));
        }
        if (EMPTY.contains(dataType)) {
            return both(set("''"));
        }
        return switch (dataType) {
            case "binary" -> both(set("CAST('' AS BINARY(" + length(type, "1") + "))"));
            case "time" -> both(set("'00:00:00'"));
            case "date" -> both(set("'0000-00-00'"));
            case "datetime" -> both(set(ZERO_DATETIME));
            case "timestamp" -> timestamp(length(type, "0"), mariaDb);
            case "enum" -> mariaDb ? NONE : new NullStoredAs(set(firstEnumValue(type)), null);
            default -> NONE;
        };
    }

    /** Whether an {@code event} (INSERT or UPDATE) that leaves the column NULL stores a value this knows. */
    boolean fills(String event) {
        return statements(event) != null;
    }

    /**
     * {@code IF v IS NULL THEN SET v = <the stored value>; END IF;} for {@code variable} (quoted), a variable of the
     * column's type, on {@code event}; empty where the value is not known.
     */
    String fill(String variable, String event) {
        String statements = statements(event);
        return statements == null ? "" : "IF " + variable + " IS NULL THEN " + statements.replace(VARIABLE, variable) + " END IF;";
    }

    /**
     * {@code body}, a trigger's, without the fills that may give the statement's time: a row carried into a copy
     * holds the values stored, none of them NULL where one was given, so that none is taken.
     */
    static String withoutTimedFills(String body) {
        return TIMED_FILL.matcher(body).replaceAll("");
    }

    private String statements(String event) {
        return event.equals("INSERT") ? onInsert : onUpdate;
    }

    private static NullStoredAs timestamp(String precision, boolean mariaDb) {
        String now = set("CURRENT_TIMESTAMP(" + precision + ")");
        // MySQL stores a zero date outside strict mode (and refuses the NULL in it), unless the session asks for the
        // old TIMESTAMP defaults; MariaDB stores the time in every mode.
        return both(mariaDb ? now : "IF @@explicit_defaults_for_timestamp THEN " + set(ZERO_DATETIME) + " ELSE " + now + " END IF;");
    }

    private static NullStoredAs both(String statements) {
        return new NullStoredAs(statements, statements);
    }

    private static String set(String value) {
        return value == null ? null : "SET " + VARIABLE + " = " + value + ";";
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
