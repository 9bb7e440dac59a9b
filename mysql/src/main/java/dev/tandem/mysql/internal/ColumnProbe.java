package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A column definition tried on a temporary table before a migration changes anything: the server
 * says whether it accepts the type and the default under this session's {@code sql_mode} (a zero
 * date, a default a BIT cannot hold), names the type as it will report it, and whether the values an
 * expression gives the existing rows fit it. A temporary table is this session's alone and leaves no
 * trace; a user without the privilege to create one gets the checks Tandem can make without it.
 */
final class ColumnProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ColumnProbe.class);
    private static final String TABLE = "_tandem_probe";
    /**
     * The rows {@link #requireFitsAsWritten} tries, by key, with their value, in columns named with this prefix,
     * lengthened until no column of the table has such a name ({@link #ownPrefix}).
     */
    private static final String ROWS = "_tandem_probe_rows";
    /** The table {@link #typeOf} makes from an expression, with no row, to read the type the server gives it. */
    private static final String TYPE_OF = "_tandem_probe_type";
    private static final String OWN_PREFIX = "_tandem_";
    private static final String ROW_VALUE = "value";
    private static final String ROW_KEY = "key";
    /** ER_DBACCESS_DENIED_ERROR, ER_TABLEACCESS_DENIED_ERROR, ER_SPECIFIC_ACCESS_DENIED_ERROR. */
    private static final Set<Integer> DENIED = Set.of(1044, 1142, 1227);
    /** Rows tried at a time: a bounded read and a small temporary table, whatever the table's size. */
    private static final int CHUNK = 10_000;

    private final StepContext context;
    private final String definition;
    private final TypeChange.Type type;
    private final String collation;
    /** The table's default collation, which the probe's text columns get unless the definition says one. */
    private final String tableCollation;

    private ColumnProbe(StepContext context, String definition, TypeChange.Type type, String collation, String tableCollation) {
        this.context = context;
        this.definition = definition;
        this.type = type;
        this.collation = collation;
        this.tableCollation = tableCollation;
    }

    /**
     * The probe of {@code definition} (type, nullability, default as the migration writes them) for a
     * column of {@code table}, in the table's default character set; null when this user may not
     * create temporary tables.
     *
     * @throws SQLException naming {@code where} when the server refuses the definition
     */
    static ColumnProbe of(StepContext context, String table, String definition, String where) throws SQLException {
        SchemaInspector schema = SchemaInspector.of(context);
        String collation = schema.table(table).orElseThrow().collation();
        try (Statement s = context.connection().createStatement()) {
            s.execute("DROP TEMPORARY TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TEMPORARY TABLE " + TABLE + " (v " + definition + ") COLLATE " + collation);
        } catch (SQLException e) {
            if (DENIED.contains(e.getErrorCode())) {
                LOG.debug("{}: no temporary table to try '{}' on ({}); checked when it runs", where, definition,
                        e.getMessage());
                return null;
            }
            throw SchemaRefusal.definitionNotAccepted(where, table, definition, e);
        }
        Columns probed = schema.temporaryColumn(TABLE).definition();
        return new ColumnProbe(context, definition, TypeChange.Type.of(probed.type(), probed.characterSet()), probed.collation(),
                collation);
    }

    /** The type as the server reports it, e.g. {@code varchar(10)} in {@code utf8mb4}. */
    TypeChange.Type type() {
        return type;
    }

    /** The collation the column gets (the table's default unless the definition says one); null for no text. */
    String collation() {
        return collation;
    }

    /**
     * The type the server gives {@code expression} over {@code table}'s columns, e.g. {@code varchar(81)} in
     * {@code utf8mb4} for a {@code CONCAT} of two {@code VARCHAR(40)} and a space: whatever the rows, no value
     * of it is longer or wider. Read from a temporary table made from the expression, without a row; empty
     * where the server makes no column of it.
     */
    Optional<TypeChange.Type> typeOf(String table, String expression) throws SQLException {
        try (Statement s = context.connection().createStatement()) {
            s.execute("DROP TEMPORARY TABLE IF EXISTS " + TYPE_OF);
            try {
                s.execute("CREATE TEMPORARY TABLE " + TYPE_OF + " SELECT (" + expression + ") AS v FROM "
                        + Identifiers.quote(table) + " LIMIT 0");
            } catch (SQLException e) {
                LOG.debug("No column of the values of '{}' over {} ({}): its values are tried, not its type", expression,
                        table, e.getMessage());
                return Optional.empty();
            }
            try {
                Columns given = SchemaInspector.of(context).temporaryColumn(TYPE_OF).definition();
                return Optional.of(TypeChange.Type.of(given.type(), given.characterSet()));
            } finally {
                s.execute("DROP TEMPORARY TABLE IF EXISTS " + TYPE_OF);
            }
        }
    }

    /**
     * Whether {@code up} gives values this column ({@code column}) holds: the first rows tried as the backfill
     * writes them, and every row where the type the server gives {@code up} ({@link #typeOf}) holds values the
     * column does not (a CONCAT longer than the column, say), or cannot be told, or where {@code up} converts text
     * into a column that holds none ({@link #convertsText}). A pass over every row costs about what a
     * backfill's reads do, so it is made only where a value may not fit. For text of a length, where
     * {@code LEFT(up, n)} (or {@code CONVERT(up USING charset)}, for characters the column's character set
     * lacks) would show in the type that every value fits, a warning also says that old code's
     * writes of such a value would still fail until the contract (the sync triggers give them {@code up}'s
     * value); a number capped with {@code LEAST} keeps its wider type, and is not warned of.
     */
    void requireUpFits(String table, String column, String up, String where) throws SQLException {
        // A type the server cannot tell: every row is tried, as where it may not fit.
        Optional<TypeChange.Type> given = typeOf(table, up);
        Optional<String> narrowing = given.map(g -> TypeChange.narrowing(g, type))
                .orElse(Optional.of("a type the server does not tell"));
        requireFits(table, up, where, narrowing.isPresent() || convertsText(table, up));
        if (narrowing.isPresent() && TypeChange.fitShowsInType(type)) {
            LOG.warn("{}: the values 'up' gives may not fit {} ({}). Every row of {} there is was tried and fits, but old"
                    + " code's writes of such a value would fail until the contract. To rule that out, have 'up' say what"
                    + " such values become ({}) or widen the column.", where, column, narrowing.get(), table,
                    TypeChange.exampleMapping(up, given.orElse(null), type));
        }
    }

    /**
     * Whether {@code up} reads a text column of {@code table}, or reads another table (a subquery, whose columns'
     * types are not looked up), and converts what it reads: into a column that holds no text (a number, a
     * date); or, on the way into one that does, by making a number of it ({@link Expressions#convertsToNumber}:
     * {@code CONCAT(code + 0)}, {@code IF(code = 0, 'none', code)}) or by comparing it with a column of the table
     * that holds no text ({@code IF(code = amount, 'none', code)}, {@code NULLIF(code, made)}: the server compares
     * the two as numbers or dates). Converted, a value that is none fails (strict mode) whatever type the server
     * gives {@code up} ({@code CAST(code AS SIGNED)} is a BIGINT, and fails on 'n/a'), so every row is tried, not
     * the first ones. A comparison with a function's number ({@code code = LENGTH(x)}) is not told.
     */
    private boolean convertsText(String table, String up) throws SQLException {
        Map<String, ColumnInfo> columns = new LinkedHashMap<>();
        SchemaInspector.of(context).columns(table).forEach(c -> columns.put(c.name(), c));
        Collection<ColumnInfo> named = Expressions.columnsNamed(up, columns).values();
        boolean readsText = named.stream().anyMatch(c -> TypeChange.isText(c.dataType())) || !Expressions.subqueries(up).isEmpty();
        if (!readsText || !TypeChange.isText(type.base())) {
            return readsText;
        }
        return Expressions.convertsToNumber(up)
                || Expressions.compares(up) && named.stream().anyMatch(c -> !TypeChange.isText(c.dataType()));
    }

    /**
     * Whether {@code expression} gives the rows of {@code table} values the column holds, in chunks along the
     * backfill's key (so neither a read view nor a temporary table grows with the table):
     * <ul>
     *   <li>the first chunk as the backfill and the sync triggers write it ({@link #requireFitsAsWritten}):
     *       an expression that does not fit the type at all (a number computed from text, say) is refused
     *       here on every server;</li>
     *   <li>with {@code everyRow}, then every row, its value written into the probe ({@code INSERT ... SELECT},
     *       a lighter pass), which refuses the first that does not fit (strict mode) or warns of it
     *       ({@link ValueWarnings}, refused alike). Without a column list: MariaDB's {@code INSERT ... SELECT}
     *       with one loses the warning of a conversion of text to a number inside the expression (it stores
     *       {@code 'ada' + 1} as 1 without a word, where the {@code UPDATE} fails).</li>
     * </ul>
     */
    void requireFits(String table, String expression, String where, boolean everyRow) throws SQLException {
        Connection c = context.connection();
        String t = Identifiers.quote(table);
        BackfillKey key = BackfillKey.of(context, table, where);
        String first = key.edge(c, t, false);
        if (first == null) {
            return;
        }
        List<String> min = BackfillKey.decode(first);
        List<String> max = BackfillKey.decode(key.edge(c, t, true));
        requireFitsAsWritten(key, t, table, expression, min, key.nextBound(c, t, null, min, max, CHUNK), where);
        if (!everyRow) {
            return;
        }
        key.walk(c, t, CHUNK, (cursor, upper) -> {
            String between = " between keys " + (cursor == null ? min : cursor) + " and " + upper;
            tryValues(cursor, table, between, where, () -> {
                try (PreparedStatement fill = key.statement(c, "INSERT INTO " + TABLE + " SELECT (" + expression + ") FROM "
                        + t + " WHERE " + key.range(cursor), cursor, upper); Statement s = c.createStatement()) {
                    fill.executeUpdate();
                    refuseWarned(s, table, between, where);
                    s.execute("TRUNCATE TABLE " + TABLE);
                }
            });
        });
    }

    /** What {@link #tryValues} runs: statements that give the rows' values to a temporary table. */
    private interface ValuesTried {
        void run() throws SQLException;
    }

    /**
     * Runs {@code tried} over the rows {@code between} keys: a value that does not fit fails it with a refusal
     * that names them. Its {@code INSERT ... SELECT} locks the rows it reads, as the backfill's statements do, and
     * gives way as they do to an application's transaction that holds them (or to a DDL statement queued for the
     * table): a lock waited for too long is no value that does not fit.
     */
    private void tryValues(List<String> cursor, String table, String between, String where, ValuesTried tried)
            throws SQLException {
        try {
            GivingWay.run(context.connection(), cursor, where + ": the check of the values of " + table, () -> {
                tried.run();
                return null;
            });
        } catch (SchemaRefusal e) {
            throw e;
        } catch (SQLException e) {
            if (OnlineDdl.isLockConflict(e)) {
                throw new SQLException(where + ": the check of the values of " + table + between + " waited for rows"
                        + " locked by other transactions " + GivingWay.MAX_ATTEMPTS + " times (" + e.getMessage()
                        + "); start again once they are done", e.getSQLState(), e.getErrorCode(), e);
            }
            throw doesNotFit(table, between, e.getMessage(), where, e);
        }
    }

    /**
     * The rows from the first key to {@code upper}, each given its value as the backfill's {@code UPDATE} and
     * the sync triggers give it: their keys are written into a second temporary table, which also holds a
     * column of the definition, and an {@code UPDATE} joined to the table by key sets that column to the
     * row's value, failing (strict mode) or warning where it does not fit.
     */
    private void requireFitsAsWritten(BackfillKey key, String t, String table, String expression, List<String> min,
                                      List<String> upper, String where) throws SQLException {
        Connection c = context.connection();
        String own = ownPrefix(SchemaInspector.of(context).columns(table).stream().map(ColumnInfo::name).toList());
        String value = own + ROW_VALUE;
        List<String> keys = new ArrayList<>();
        List<String> matches = new ArrayList<>();
        for (int i = 0; i < key.columns().size(); i++) {
            String column = Identifiers.quote(key.columns().get(i));
            keys.add(column + " AS " + own + ROW_KEY + i);
            matches.add("p." + own + ROW_KEY + i + " = " + t + "." + column);
        }
        String between = " between keys " + min + " and " + upper;
        try (Statement s = c.createStatement()) {
            s.execute("DROP TEMPORARY TABLE IF EXISTS " + ROWS);
            s.execute("CREATE TEMPORARY TABLE " + ROWS + " COLLATE " + tableCollation + " SELECT " + String.join(", ", keys)
                    + " FROM " + t + " LIMIT 0");
            s.execute("ALTER TABLE " + ROWS + " ADD COLUMN " + value + " " + definition);
            tryValues(null, table, between, where, () -> {
                s.execute("DELETE FROM " + ROWS); // what a try that gave way left, where it was committed
                try (PreparedStatement rows = key.statement(c, "INSERT IGNORE INTO " + ROWS + " SELECT "
                        + String.join(", ", keys) + ", NULL FROM " + t + " WHERE " + key.range(null), null, upper)) {
                    rows.executeUpdate(); // IGNORE: a NOT NULL definition takes its implicit value until the UPDATE
                }
                s.executeUpdate("UPDATE " + ROWS + " p JOIN " + t + " ON " + String.join(" AND ", matches) + " SET p."
                        + value + " = (" + expression + ")");
                refuseWarned(s, table, between, where);
            });
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TEMPORARY TABLE IF EXISTS " + ROWS);
            }
        }
    }

    /**
     * {@link #OWN_PREFIX}, with as many more underscores as it takes for no column of the table to be named like
     * the probe's own columns: the expression names the table's columns unqualified, and in the probe's join a
     * name both tables have would be ambiguous (a column {@code _tandem_value}, the shadow of an alter_column of
     * a column {@code value} in flight).
     */
    private static String ownPrefix(List<String> tableColumns) {
        String prefix = OWN_PREFIX;
        while (named(tableColumns, prefix)) {
            prefix += "_";
        }
        return prefix;
    }

    private static boolean named(List<String> columns, String prefix) {
        return columns.stream().map(c -> c.toLowerCase(Locale.ROOT))
                .anyMatch(c -> c.equals(prefix + ROW_VALUE) || c.matches(Pattern.quote(prefix + ROW_KEY) + "\\d+"));
    }

    /** Refuses when the last statement on {@code s}'s connection warned of a value that does not fit ({@link ValueWarnings}). */
    private void refuseWarned(Statement s, String table, String between, String where) throws SQLException {
        Optional<String> warning = ValueWarnings.ofLastStatement(s.getConnection());
        if (warning.isPresent()) {
            throw doesNotFit(table, between, warning.get(), where, null);
        }
    }

    private SchemaRefusal doesNotFit(String table, String keys, String why, String where, SQLException cause) {
        String fix = "Say in 'up' what such values become, or fix those rows first.";
        String message = where + ": a row of " + table + keys + " has a value that does not fit " + type + " (" + why + "). "
                + fix;
        return cause == null ? new SchemaRefusal(SchemaRefusal.Kind.VALUES_DO_NOT_FIT, where, table, null, fix, message)
                : new SchemaRefusal(SchemaRefusal.Kind.VALUES_DO_NOT_FIT, where, table, null, fix, message, cause);
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = context.connection().createStatement()) {
            s.execute("DROP TEMPORARY TABLE IF EXISTS " + TABLE);
        }
    }
}
