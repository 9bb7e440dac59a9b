package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's definition as information_schema describes it (type, character set, nullability, default,
 * extra, comment), read when a step runs; {@link ColumnInfo} adds its name and generation.
 */
record Columns(String type, String characterSet, String collation, boolean nullable, String columnDefault, String extra,
               String comment) {

    /** The ON UPDATE clause in information_schema's {@code extra}, and its precision: {@code on update current_timestamp(3)}. */
    private static final Pattern ON_UPDATE = Pattern.compile("on update current_timestamp(\\(\\d+\\))?", Pattern.CASE_INSENSITIVE);

    /**
     * A column definition's DEFAULT clause and its value, or a string literal, whichever comes first: string
     * literals are matched whole so that a DEFAULT inside one (a COMMENT, an ENUM value) is never taken. The
     * value is a parenthesized expression, a string literal, or a word with its parentheses
     * ({@code CURRENT_TIMESTAMP(3)}, {@code -1.5}, {@code NULL}).
     */
    private static final Pattern DEFAULT_CLAUSE = Pattern.compile(Expressions.STRING.pattern()
            + "|(?<![\\w$])DEFAULT\\s+(\\((?:[^()]|\\([^()]*\\))*\\)|'(?:[^'\\\\]|\\\\.|'')*'"
            + "|[-+]?[\\w.$]+(?:\\s*\\(\\s*\\d*\\s*\\))?)", Pattern.CASE_INSENSITIVE);

    /** The default a column definition such as {@code TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP(3)} says, or null. */
    static String defaultIn(String definition) {
        Matcher m = DEFAULT_CLAUSE.matcher(definition);
        while (m.find()) {
            if (m.group(1) != null) {
                return m.group(1);
            }
        }
        return null;
    }

    /** Whether {@code table} has the column (names compare as the server compares them). */
    static boolean exists(StepContext context, String table, String column) throws SQLException {
        return SchemaInspector.of(context).column(table, column).isPresent();
    }

    /** The column, or an error naming the operation, table and column when it does not exist. */
    static Columns describe(StepContext context, String table, String column, String where) throws SQLException {
        return live(context, table, column, where).definition();
    }

    /**
     * The column as the table has it before the migration, or an error naming the operation, table and column:
     * that it does not exist, or that an earlier operation of the migration adds it.
     */
    static ColumnInfo live(StepContext context, String table, String column, String where) throws SQLException {
        Optional<ColumnInfo> live = SchemaInspector.of(context).column(table, column);
        if (live.isPresent()) {
            return live.get();
        }
        throw SchemaModel.of(context).added(table).stream().anyMatch(c -> c.equalsIgnoreCase(column))
                ? SchemaRefusal.columnAddedInMigration(where, table, column) : SchemaRefusal.columnMissing(where, table, column);
    }

    boolean hasDefault(boolean mariaDb) {
        return columnDefault != null && !(mariaDb && columnDefault.equals("NULL"));
    }

    /** The column's default as SQL, as a DEFAULT clause takes it (only when {@link #hasDefault}). */
    String defaultSql(boolean mariaDb) {
        if (mariaDb || currentTimestampDefault()) {
            return columnDefault;
        }
        return mySqlExpressionDefault() ? "(" + unescaped(columnDefault) + ")" : Identifiers.literal(columnDefault);
    }

    /**
     * Whether MySQL can add a column with this one's default only by copying the table: a default that is
     * an expression ({@code DEFAULT (CONCAT(...))}), which it computes for every row there, where setting
     * it on a column that exists changes the definition only. ({@code CURRENT_TIMESTAMP} it adds in place;
     * so does MariaDB any default.)
     */
    boolean defaultAddedOnlyByCopy(boolean mariaDb) {
        return !mariaDb && hasDefault(false) && mySqlExpressionDefault() && !currentTimestampDefault();
    }

    /** The same column without a default. */
    Columns withoutDefault() {
        return new Columns(type, characterSet, collation, nullable, null, extra, comment);
    }

    private boolean currentTimestampDefault() {
        return columnDefault.toUpperCase(java.util.Locale.ROOT).startsWith("CURRENT_TIMESTAMP");
    }

    private boolean mySqlExpressionDefault() {
        return extra != null && extra.toLowerCase(java.util.Locale.ROOT).contains("default_generated");
    }

    /**
     * MySQL's information_schema gives an expression default with every quote and backslash of its SQL
     * escaped by a backslash ({@code concat(_utf8mb4\'a\',_utf8mb4\'b\')} for {@code concat('a','b')}):
     * the SQL, each escape undone.
     */
    static String unescaped(String escaped) {
        StringBuilder sql = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            sql.append(c == '\\' && i + 1 < escaped.length() ? escaped.charAt(++i) : c);
        }
        return sql.toString();
    }

    /**
     * The whole definition for a MODIFY that keeps everything but nullability: type, character set,
     * collation, default, ON UPDATE and comment. information_schema spells defaults differently:
     * MariaDB as SQL (string literals quoted), MySQL as the bare value, with DEFAULT_GENERATED in
     * {@code extra} for expressions.
     */
    String fullDefinition(boolean notNull, boolean mariaDb) {
        StringBuilder d = new StringBuilder(definition()).append(notNull ? " NOT NULL" : " NULL");
        if (hasDefault(mariaDb)) {
            d.append(" DEFAULT ").append(defaultSql(mariaDb));
        }
        String onUpdate = onUpdate();
        if (onUpdate != null) {
            d.append(' ').append(onUpdate);
        }
        if (comment != null && !comment.isEmpty()) {
            d.append(" COMMENT ").append(Identifiers.literal(comment));
        }
        return d.toString();
    }

    /** Whether the column is INVISIBLE (left out of {@code SELECT *} and of an INSERT without a column list). */
    boolean invisible() {
        return extra != null && extra.toLowerCase(java.util.Locale.ROOT).contains("invisible");
    }

    /**
     * {@code ON UPDATE CURRENT_TIMESTAMP} with its precision when the column sets itself on every update, else
     * null. The precision matters: a TIMESTAMP(3) refuses the clause without one (error 1294).
     */
    String onUpdate() {
        Matcher onUpdate = extra == null ? null : ON_UPDATE.matcher(extra);
        if (onUpdate == null || !onUpdate.find()) {
            return null;
        }
        return "ON UPDATE CURRENT_TIMESTAMP" + (onUpdate.group(1) == null ? "" : onUpdate.group(1));
    }

    /** The type with its character set and collation, for a column that must hold the same values. */
    String definition() {
        return type + (characterSet == null ? "" : " CHARACTER SET " + characterSet + " COLLATE " + collation);
    }
}
