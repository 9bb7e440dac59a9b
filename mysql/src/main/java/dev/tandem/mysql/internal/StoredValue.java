package dev.tandem.mysql.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL condition "this column does not hold what assigning that expression to it would store":
 * how a backfill finds the rows it must still write, and how its verification finds rows that are
 * wrong. A plain {@code NOT (column <=> expression)} is not exact: it compares in the column's
 * collation (so {@code 'Blue'} equals {@code 'blue'} and a wrong value passes), and across types it
 * compares values the column could never hold (so {@code 1.005} differs from a {@code DECIMAL(5,2)}'s
 * {@code 1.01} and a right value fails). Here the expression is first brought to the column's type the
 * way an assignment brings it, and text is compared byte for byte in the column's character set.
 *
 * <p>How an assignment brings a value to the column's type depends on the value's type too (text
 * {@code '3.7'} becomes the integer 4, where {@code CAST('3.7' AS SIGNED)} gives 3), so the condition is
 * built for the type the server gives the expression ({@link ValueType}). Where no expression of the
 * server's gives what the assignment stores (a number into a YEAR or a SET, a FLOAT into text: measured
 * on both servers, {@code StoredValueMatrixIT}), there is no exact condition: the backfill writes every row
 * and its verification checks only that a value is there ({@link BackfillSql}).
 */
final class StoredValue {

    /** Digits of a FLOAT: its values are compared to about this relative precision. */
    private static final String FLOAT_PRECISION = "1e-6";
    private static final Pattern TYPE = Pattern.compile("([a-z]+)(?:\\(([^)]*)\\))?(.*)");
    /** The types a BIT comes into as the digits of its number. */
    private static final Set<String> NUMBER_AS_TEXT = Set.of("char", "varchar", "binary", "varbinary");
    /**
     * Wide enough for every number text can spell that an integer column holds: an assignment reads text as a
     * decimal and rounds it half away from zero ('2.5' is 3, '-0.5' is -1, '1e3' is 1000), which this
     * CAST does; CAST AS SIGNED cuts it off ('3.7' is 3).
     */
    private static final String TEXT_AS_NUMBER = "DECIMAL(65,30)";

    private StoredValue() {
    }

    /** The family of the values an expression gives, from JDBC's name of their type ({@code VARCHAR}, {@code DATE}). */
    enum ValueType {
        INTEGER, DECIMAL, APPROXIMATE, BIT, TEXT, BYTES, DATE, DATETIME, TIME, YEAR,
        /** MySQL's JSON (MariaDB's is text). */
        JSON,
        OTHER;

        /** {@code name} as Connector/J says it ({@code BIGINT UNSIGNED}, {@code LONGTEXT}); OTHER for null or the unknown. */
        static ValueType of(String name) {
            String base = name == null ? "" : name.toLowerCase(Locale.ROOT).replace(" unsigned", "").strip();
            if (TypeChange.isInteger(base)) {
                return INTEGER;
            }
            if (TypeChange.CHARACTERS.contains(base) || base.equals("enum") || base.equals("set")) {
                return TEXT;
            }
            if (TypeChange.BYTES.contains(base) || base.equals("geometry")) {
                return BYTES;
            }
            return switch (base) {
                case "decimal", "numeric" -> DECIMAL;
                case "float", "double", "real" -> APPROXIMATE;
                case "bit", "boolean" -> BIT;
                case "date" -> DATE;
                case "datetime", "timestamp" -> DATETIME;
                case "time" -> TIME;
                case "year" -> YEAR;
                case "json" -> JSON;
                default -> OTHER;
            };
        }

        private boolean isNumber() {
            return this == INTEGER || this == DECIMAL || this == APPROXIMATE || this == BIT;
        }

        private boolean isTemporal() {
            return this == DATE || this == DATETIME || this == TIME;
        }
    }

    /**
     * @param column     the quoted column
     * @param columnType its {@code information_schema.columns.column_type}, e.g. {@code varchar(20)},
     *                   {@code decimal(10,2) unsigned}, {@code timestamp(3)}
     * @param charset    its character set (null for types without one)
     * @param expression the expression whose value the column should hold
     * @param valueType  the type the server gives the expression's values ({@link ValueType#OTHER} if not known)
     * @param mariaDb    whether the server is MariaDB (its JSON is text)
     * @return the condition, or empty where none is exact for this value type into this column
     */
    static Optional<String> differs(String column, String columnType, String charset, String expression, ValueType valueType,
                                    boolean mariaDb) {
        Matcher type = TYPE.matcher(columnType.toLowerCase(Locale.ROOT).strip());
        if (!type.matches()) {
            return Optional.of("NOT (" + column + " <=> (" + expression + "))");
        }
        String base = type.group(1);
        String length = type.group(2);
        boolean unsigned = type.group(3).contains("unsigned");
        // A BIT (and a TINYINT(1), which Connector/J calls one) comes into a CHAR or a BINARY as its number, into a
        // TEXT or a BLOB as its bytes.
        String x = valueType == ValueType.BIT && NUMBER_AS_TEXT.contains(base) ? "((" + expression + ") + 0)" : "(" + expression + ")";
        if (!exact(base, valueType)) {
            return Optional.empty();
        }
        String integer = unsigned ? "UNSIGNED" : "SIGNED";
        // A temporal value as the number an assignment to a FLOAT or DOUBLE makes of it (MariaDB compares it as a time).
        String number = valueType.isTemporal() ? "(" + x + " + 0)" : x;
        return Optional.of(switch (base) {
            case "char" -> bytesDiffer(column, "TRIM(TRAILING ' ' FROM CONVERT(" + x + " USING " + charset + "))");
            case "varchar", "tinytext", "text", "mediumtext", "longtext" -> bytesDiffer(column, "CONVERT(" + x + " USING "
                    + charset + ")");
            case "binary" -> "NOT (" + column + " <=> CAST(" + x + " AS BINARY(" + length + ")))";
            case "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "NOT (" + column + " <=> CAST(" + x + " AS BINARY))";
            case "decimal", "numeric" -> "NOT (" + column + " <=> CAST(" + x + " AS DECIMAL(" + length + ")))";
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> {
                String differs = "NOT (" + column + " <=> CAST(" + integerSource(x, valueType, mariaDb) + " AS " + integer + "))";
                yield valueType == ValueType.DATE && !mariaDb ? orOneNull(column, x, differs) : differs;
            }
            // Close enough counts; a NULL on either side must not make the whole condition NULL.
            case "float" -> "NOT (" + column + " <=> " + number + " OR COALESCE(ABS(" + column + " - " + number + ") <= ABS("
                    + number + ") * " + FLOAT_PRECISION + ", FALSE))";
            case "double", "real" -> "NOT (" + column + " <=> " + number + ")";
            // MySQL rounds a time's fraction first (23:59:59.999 is the next day), MariaDB cuts it off.
            case "date" -> orOneNull(column, x, "NOT (" + column + " <=> CAST(" + (valueType == ValueType.DATETIME && !mariaDb
                    ? "CAST(" + x + " AS DATETIME)" : x) + " AS DATE))");
            case "datetime" -> orOneNull(column, x, "NOT (" + column + " <=> CAST(" + x + " AS DATETIME" + precision(length)
                    + "))");
            case "time" -> orOneNull(column, x, "NOT (" + column + " <=> CAST(" + x + " AS TIME" + precision(length) + "))");
            // An instant: compared as one, so no session time zone can make two instants look alike. The zero
            // TIMESTAMP (where sql_mode allows one) is no instant: MariaDB gives 0 for a column's, NULL for a
            // DATETIME's; here both give -1, which no instant does.
            case "timestamp" -> orOneNull(column, x, "NOT (" + instant(column) + " <=> " + instant("CAST(" + x + " AS DATETIME"
                    + precision(length) + ")") + ")");
            // MySQL takes an ENUM's value as a JSON string, its text as JSON.
            case "json" -> mariaDb ? bytesDiffer(column, "CONVERT(" + x + " USING " + charset + ")")
                    : "NOT (" + column + " <=> CAST(" + (valueType == ValueType.TEXT ? "CONVERT(" + x + " USING utf8mb4)" : x)
                    + " AS JSON))";
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> bytesDiffer(column, x);
            default -> "NOT (" + column + " <=> " + x + ")";
        });
    }

    /**
     * Whether a condition here gives exactly what assigning a value of {@code valueType} to a column of
     * {@code base} stores. Not where the assignment converts by a rule no expression of the server's follows:
     * anything but a YEAR into a YEAR (5 becomes 2005); anything but a BIT or an integer into a BIT; a number into
     * an ENUM (1.5 becomes the first member); anything into a SET (text in the SET's own order, {@code 'x,y'} for
     * {@code 'y,x'}, or as a number); a FLOAT or DOUBLE into text (MySQL spells 1e-10 as
     * 0.0000000001000000013351432); a BIT (and so a TINYINT(1), which Connector/J calls one) into a date or time; a
     * YEAR into a TIME. Nor where the CAST that would give the value warns where the assignment does not (text or
     * bytes {@code ''} into a TIME is midnight), which in a strict {@code sql_mode} fails the backfill's UPDATE.
     */
    private static boolean exact(String base, ValueType valueType) {
        return switch (base) {
            case "year" -> valueType == ValueType.YEAR || valueType == ValueType.OTHER;
            case "bit" -> valueType == ValueType.BIT || valueType == ValueType.INTEGER || valueType == ValueType.OTHER;
            // Text into an ENUM is compared as text: exact for its members; text that is a number and no member ('2'
            // is the second member) fails the verification, never passes a wrong value.
            case "enum" -> !valueType.isNumber();
            case "set" -> false;
            case "time" -> valueType != ValueType.BIT && valueType != ValueType.YEAR && valueType != ValueType.TEXT
                    && valueType != ValueType.BYTES;
            case "date", "datetime", "timestamp" -> valueType != ValueType.BIT;
            default -> !(valueType == ValueType.APPROXIMATE
                    && (TypeChange.CHARACTERS.contains(base) || TypeChange.BYTES.contains(base)));
        };
    }

    /**
     * A value for CAST AS SIGNED as an assignment to an integer column reads it: text and bytes as a decimal,
     * rounded; on MySQL a DATE as the number of its midnight (20200101000000), on MariaDB as its own (20200101).
     */
    private static String integerSource(String x, ValueType valueType, boolean mariaDb) {
        // MySQL's JSON 2.5 is 2, as CAST AS SIGNED has it; as text (MariaDB's JSON) it is 3.
        if (valueType == ValueType.TEXT || valueType == ValueType.BYTES) {
            return "CAST(" + x + " AS " + TEXT_AS_NUMBER + ")";
        }
        return valueType == ValueType.DATE && !mariaDb ? "CAST(" + x + " AS DATETIME)" : x;
    }

    /**
     * {@code differs}, or the column NULL where the value is not, or the other way: a CAST to a time gives NULL for
     * a value it cannot read (MySQL a zero date, where the session's sql_mode refuses one), which a column not
     * written yet would match.
     */
    private static String orOneNull(String column, String x, String differs) {
        return "(" + differs + " OR (" + column + " IS NULL) <> (" + x + " IS NULL))";
    }

    private static String instant(String value) {
        return "IF(" + value + " = 0, -1, UNIX_TIMESTAMP(" + value + "))";
    }

    /** Text compared byte for byte: not in a collation that ignores case, accents or trailing spaces. */
    private static String bytesDiffer(String column, String value) {
        return "NOT (CAST(" + column + " AS BINARY) <=> CAST(" + value + " AS BINARY))";
    }

    private static String precision(String length) {
        return length == null ? "" : "(" + length + ")";
    }
}
