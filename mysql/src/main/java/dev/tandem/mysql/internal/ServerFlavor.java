package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which server a step runs on, for the few statements and information_schema spellings that differ
 * between MySQL and MariaDB. Read from the connection's metadata, whose server version the driver
 * keeps since connecting: asking costs no round trip, so nothing is cached here.
 */
final class ServerFlavor {

    /** Major, minor and patch at the start of a server's version string, {@code 8.0.31} or {@code 8.0.31-log}. */
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    /** The first MySQL that renames tables held under {@code LOCK TABLES ... WRITE}. */
    private static final int[] RENAMES_LOCKED_TABLES = {8, 0, 13};

    /** A default that is a constant: NULL, a boolean, a number, a quoted string, a hex or bit literal. */
    private static final Pattern CONSTANT = Pattern.compile("\\s*(?:NULL|TRUE|FALSE|[-+]?\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?"
            + "|'(?:[^'\\\\]|''|\\\\.)*'|\"(?:[^\"\\\\]|\"\"|\\\\.)*\"|[xXbB]'[0-9a-fA-F]*')\\s*", Pattern.CASE_INSENSITIVE);

    private ServerFlavor() {
    }

    static boolean isMariaDb(StepContext context) throws SQLException {
        return Jdbc.isMariaDb(context.connection());
    }

    /** Whether the server renames tables the session holds under {@code LOCK TABLES ... WRITE}. */
    static boolean renamesLockedTables(StepContext context) throws SQLException {
        return renamesLockedTables(isMariaDb(context), context.connection().getMetaData().getDatabaseProductVersion());
    }

    /** MySQL from 8.0.13 on does; MariaDB refuses any {@code RENAME TABLE} under {@code LOCK TABLES}. */
    static boolean renamesLockedTables(boolean mariaDb, String version) {
        Matcher m = VERSION.matcher(version);
        return !mariaDb && m.lookingAt() && Arrays.compare(new int[] {Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))}, RENAMES_LOCKED_TABLES) >= 0;
    }

    /**
     * Whether a CHECK constraint's name must be unique in its schema, as on MySQL (measured, 8.0.31: "Duplicate
     * check constraint name" for a name another table's CHECK has), or in its table only, as on MariaDB. A
     * foreign key's name is unique in its schema on both; the two kinds of name never clash.
     */
    static boolean checkNamesPerSchema(StepContext context) throws SQLException {
        return !isMariaDb(context);
    }

    /**
     * Whether renaming a column rewrites the CHECK constraints that read it, as MariaDB does; MySQL refuses to
     * rename (or drop) a column a CHECK reads other than alone ("Check constraint ... uses column"). Measured,
     * MySQL 8.0.31 and MariaDB 11.4.5 ({@link CheckReads}).
     */
    static boolean checksFollowRenames(StepContext context) throws SQLException {
        return isMariaDb(context);
    }

    /**
     * Whether the server makes a NULL-able column NOT NULL in place (without copying the table or blocking
     * writes) when its default is {@code defaultSql} (null: none). MariaDB does only while the default is a
     * constant: with {@code CURRENT_TIMESTAMP} or an expression it answers "cannot convert NULL to non-constant
     * DEFAULT". MySQL does with any.
     */
    static boolean makesNotNullInPlace(boolean mariaDb, String defaultSql) {
        return !mariaDb || defaultSql == null || CONSTANT.matcher(defaultSql).matches();
    }

    /**
     * Why the server cannot index a whole column of {@code type} (as information_schema names it: {@code text},
     * {@code longblob}, {@code json}), or null when it can. MySQL indexes a TEXT or BLOB column only by a
     * prefix, and a JSON column only through a generated column; MariaDB takes both (a long key, kept as a hash).
     */
    static String cannotIndexWhole(boolean mariaDb, String type) {
        String t = type.toLowerCase(java.util.Locale.ROOT);
        if (mariaDb) {
            return null;
        }
        if (t.endsWith("text") || t.endsWith("blob")) {
            return "MySQL indexes a " + t.toUpperCase(java.util.Locale.ROOT) + " column only by a prefix of it";
        }
        return t.equals("json") ? "MySQL indexes a JSON column only through a generated column on a path in it" : null;
    }

    /**
     * The expression of a default given as one, {@code (CONCAT('a', 'b'))} (MySQL's spelling: in
     * parentheses), without them; null for none, a constant or {@code CURRENT_TIMESTAMP}.
     */
    static String expressionDefault(String defaultSql) {
        String d = defaultSql == null ? "" : defaultSql.strip();
        return d.startsWith("(") && d.endsWith(")") ? d.substring(1, d.length() - 1).strip() : null;
    }
}
