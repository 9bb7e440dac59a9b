package dev.tandem.mysql.internal;

import java.util.Locale;
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
 */
final class StoredValue {

    /** Digits of a FLOAT: its values are compared to about this relative precision. */
    private static final String FLOAT_PRECISION = "1e-6";
    private static final Pattern TYPE = Pattern.compile("([a-z]+)(?:\\(([^)]*)\\))?(.*)");

    private StoredValue() {
    }

    /**
     * @param column     the quoted column
     * @param columnType its {@code information_schema.columns.column_type}, e.g. {@code varchar(20)},
     *                   {@code decimal(10,2) unsigned}, {@code timestamp(3)}
     * @param charset    its character set (null for types without one)
     * @param expression the expression whose value the column should hold
     * @param mariaDb    whether the server is MariaDB (its JSON is text)
     */
    static String differs(String column, String columnType, String charset, String expression, boolean mariaDb) {
        Matcher type = TYPE.matcher(columnType.toLowerCase(Locale.ROOT).strip());
        if (!type.matches()) {
            return "NOT (" + column + " <=> (" + expression + "))";
        }
        String base = type.group(1);
        String length = type.group(2);
        boolean unsigned = type.group(3).contains("unsigned");
        String x = "(" + expression + ")";
        return switch (base) {
            case "char" -> bytesDiffer(column, "TRIM(TRAILING ' ' FROM CONVERT(" + x + " USING " + charset + "))");
            case "varchar", "tinytext", "text", "mediumtext", "longtext" -> bytesDiffer(column, "CONVERT(" + x + " USING "
                    + charset + ")");
            case "binary" -> "NOT (" + column + " <=> CAST(" + x + " AS BINARY(" + length + ")))";
            case "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "NOT (" + column + " <=> CAST(" + x + " AS BINARY))";
            case "decimal", "numeric" -> "NOT (" + column + " <=> CAST(" + x + " AS DECIMAL(" + length + ")))";
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> "NOT (" + column + " <=> CAST(" + x + " AS "
                    + (unsigned ? "UNSIGNED" : "SIGNED") + "))";
            // Close enough counts; a NULL on either side must not make the whole condition NULL.
            case "float" -> "NOT (" + column + " <=> " + x + " OR COALESCE(ABS(" + column + " - " + x + ") <= ABS(" + x
                    + ") * " + FLOAT_PRECISION + ", FALSE))";
            case "date" -> "NOT (" + column + " <=> CAST(" + x + " AS DATE))";
            case "datetime" -> "NOT (" + column + " <=> CAST(" + x + " AS DATETIME" + precision(length) + "))";
            case "time" -> "NOT (" + column + " <=> CAST(" + x + " AS TIME" + precision(length) + "))";
            // An instant: compared as one, so no session time zone can make two instants look alike.
            case "timestamp" -> "NOT (UNIX_TIMESTAMP(" + column + ") <=> UNIX_TIMESTAMP(CAST(" + x + " AS DATETIME"
                    + precision(length) + ")))";
            case "json" -> mariaDb ? bytesDiffer(column, "CONVERT(" + x + " USING " + charset + ")")
                    : "NOT (" + column + " <=> CAST(" + x + " AS JSON))";
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> bytesDiffer(column, x);
            default -> "NOT (" + column + " <=> " + x + ")";
        };
    }

    /** Text compared byte for byte: not in a collation that ignores case, accents or trailing spaces. */
    private static String bytesDiffer(String column, String value) {
        return "NOT (CAST(" + column + " AS BINARY) <=> CAST(" + value + " AS BINARY))";
    }

    private static String precision(String length) {
        return length == null ? "" : "(" + length + ")";
    }
}
