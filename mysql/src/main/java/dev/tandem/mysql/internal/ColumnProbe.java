package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
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
    /** ER_DBACCESS_DENIED_ERROR, ER_TABLEACCESS_DENIED_ERROR, ER_SPECIFIC_ACCESS_DENIED_ERROR. */
    private static final Set<Integer> DENIED = Set.of(1044, 1142, 1227);
    /** Rows tried at a time: a bounded read and a small temporary table, whatever the table's size. */
    private static final int CHUNK = 10_000;

    private final StepContext context;
    private final TypeChange.Type type;
    private final String collation;

    private ColumnProbe(StepContext context, TypeChange.Type type, String collation) {
        this.context = context;
        this.type = type;
        this.collation = collation;
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
        return new ColumnProbe(context, TypeChange.Type.of(probed.type(), probed.characterSet()), probed.collation());
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
     * Whether {@code expression} over every row of {@code table} gives a value the column holds: the
     * values are written into the probe, which refuses the first that does not fit (strict mode). In
     * chunks along the backfill's key, emptied after each, so neither a read view nor the temporary
     * table grows with the table.
     */
    void requireFits(String table, String expression, String where) throws SQLException {
        Connection c = context.connection();
        String t = Identifiers.quote(table);
        BackfillKey key = BackfillKey.of(context, table, where);
        String first = key.edge(c, t, false);
        if (first == null) {
            return;
        }
        List<String> min = BackfillKey.decode(first);
        List<String> max = BackfillKey.decode(key.edge(c, t, true));
        List<String> cursor = null;
        while (cursor == null || !cursor.equals(max)) {
            List<String> upper = key.nextBound(c, t, cursor, min, max, CHUNK);
            try (PreparedStatement fill = key.statement(c, "INSERT INTO " + TABLE + " (v) SELECT (" + expression + ") FROM "
                    + t + " WHERE " + key.range(cursor), cursor, upper); Statement empty = c.createStatement()) {
                fill.executeUpdate();
                empty.execute("TRUNCATE TABLE " + TABLE);
            } catch (SQLException e) {
                String fix = "Say in 'up' what such values become, or fix those rows first.";
                throw new SchemaRefusal(SchemaRefusal.Kind.VALUES_DO_NOT_FIT, where, table, null, fix, where + ": a row of "
                        + table + " between keys " + (cursor == null ? min : cursor) + " and " + upper + " has a value that"
                        + " does not fit " + type + " (" + e.getMessage() + "). " + fix, e);
            }
            cursor = upper;
        }
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = context.connection().createStatement()) {
            s.execute("DROP TEMPORARY TABLE IF EXISTS " + TABLE);
        }
    }
}
