package dev.tandem.mysql;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.List;

/**
 * What a backfill of {@code column = (expression)} runs, built when it runs (it needs the column's type):
 *
 * @param assignment the SET clause; columns that update themselves ({@code ON UPDATE CURRENT_TIMESTAMP})
 *                   are set to their own value, so that backfilling a row does not change them
 * @param pending    the rows the fill must still write
 * @param mismatch   the rows that verification rejects
 * @param exact      whether {@code mismatch} compares values (else it can only see rows never written)
 */
record BackfillSql(String assignment, String pending, String mismatch, boolean exact) {

    /**
     * For a column synced from the row ({@code fillNullsOnly} false): every row must hold what the
     * expression gives, checked exactly ({@link StoredValue}), so a row that a writer left wrong is
     * found and written again, not only one left NULL. An expression that is not deterministic (the
     * clock, random values) can only be checked for being set. For a column whose NULLs get a value
     * ({@code fillNullsOnly}), NULLs are what is pending and what is wrong.
     */
    static BackfillSql of(StepContext context, String table, String column, String expression, boolean fillNullsOnly,
                          String where) throws SQLException {
        Columns target = Columns.describe(context, table, column, where);
        List<String> selfUpdating = Jdbc.rows(context.connection(), "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = ? AND LOWER(extra) LIKE '%on update%'", table)
                .stream().map(row -> row.get(0)).toList();
        return build(column, target.type(), target.characterSet(), selfUpdating, expression, fillNullsOnly,
                context.isMariaDb());
    }

    static BackfillSql build(String column, String type, String charset, List<String> selfUpdating, String expression,
                             boolean fillNullsOnly, boolean mariaDb) {
        String c = Identifiers.quote(column);
        StringBuilder assignment = new StringBuilder(c + " = (" + expression + ")");
        selfUpdating.stream().filter(other -> !other.equalsIgnoreCase(column)).map(Identifiers::quote)
                .forEach(q -> assignment.append(", ").append(q).append(" = ").append(q));
        if (fillNullsOnly) {
            return new BackfillSql(assignment.toString(), c + " IS NULL", c + " IS NULL", false);
        }
        if (!Expressions.isDeterministic(expression)) {
            return new BackfillSql(assignment.toString(), c + " IS NULL", c + " IS NULL AND (" + expression + ") IS NOT NULL",
                    false);
        }
        String differs = StoredValue.differs(c, type, charset, expression, mariaDb);
        return new BackfillSql(assignment.toString(), differs, differs, true);
    }
}
