package dev.tandem.mysql;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Phase;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code add_column}: a new column that old code never sees.
 *
 * <pre>
 * - add_column:
 *     table: customers
 *     column: display_name
 *     type: VARCHAR(200)
 *     nullable: false          # default true
 *     default: "''"            # optional, SQL as written
 *     up: CONCAT(first_name, ' ', last_name)   # optional: what old writers' rows get
 * </pre>
 *
 * <ul>
 *   <li>expand: the column is added NULL and INVISIBLE (old {@code SELECT *} and positional INSERTs
 *       keep working), instantly; with {@code up}, sync triggers fill it for old writers, and its
 *       default waits for the contract (so that the backfill can tell the rows it has not reached);</li>
 *   <li>backfill: existing rows get {@code up};</li>
 *   <li>contract: triggers dropped, the column made visible and, if asked, NOT NULL (online);</li>
 *   <li>rollback: triggers and column dropped.</li>
 * </ul>
 */
public final class AddColumn implements OperationType {

    @Override
    public String name() {
        return "add_column";
    }

    @Override
    public Operation create(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "column", "type", "nullable", "default", "up"));
        String table = spec.requireString("table");
        String column = spec.requireString("column");
        String type = spec.requireString("type");
        String nullableText = spec.optionalString("nullable").orElse("true").toLowerCase(Locale.ROOT);
        if (!nullableText.equals("true") && !nullableText.equals("false")) {
            throw spec.error("nullable", "'nullable' must be true or false, not '" + nullableText + "'");
        }
        boolean nullable = Boolean.parseBoolean(nullableText);
        String defaultValue = spec.optionalString("default").orElse(null);
        String up = spec.optionalString("up").orElse(null);
        if (!nullable && defaultValue == null && up == null) {
            throw spec.error("nullable", "a NOT NULL column needs a 'default' or an 'up' expression for the rows that"
                    + " exist and for rows old code inserts");
        }
        String where = spec.script() + " line " + spec.line() + ": add_column " + table + "." + column;
        String q = Identifiers.quote(table);
        String c = Identifiers.quote(column);
        String def = defaultValue == null ? "" : " DEFAULT " + defaultValue;
        String insertTrigger = SyncTrigger.name(spec.version(), table, column, "INSERT");
        String updateTrigger = SyncTrigger.name(spec.version(), table, column, "UPDATE");

        List<Step> expand = new ArrayList<>();
        // With an up expression the column starts without its default: existing rows stay NULL until
        // the backfill gives them up(row), and the default arrives at contract.
        expand.add(sql(where + ": add the column, invisible", "ALTER TABLE " + q + " ADD COLUMN " + c + " " + type + " NULL"
                + (up == null ? def : "") + " INVISIBLE"));
        List<Step> backfill = new ArrayList<>();
        List<Step> dropTriggers = List.of(
                sql(where + ": drop its insert trigger", "DROP TRIGGER IF EXISTS " + Identifiers.quote(insertTrigger)),
                sql(where + ": drop its update trigger", "DROP TRIGGER IF EXISTS " + Identifiers.quote(updateTrigger)));
        if (up != null) {
            expand.add(trigger(where + ": sync trigger for inserts", insertTrigger, "INSERT", table, column, up, spec.sessionTag()));
            expand.add(trigger(where + ": sync trigger for updates", updateTrigger, "UPDATE", table, column, up, spec.sessionTag()));
            backfill.add(sql(where + ": mark the session as the backfill's", "SET @tandem_backfill = 1"));
            backfill.add(sql(where + ": fill existing rows", "UPDATE " + q + " SET " + c + " = (" + up + ") WHERE " + c + " IS NULL"));
            backfill.add(sql(where + ": unmark the session", "SET @tandem_backfill = NULL"));
        }
        List<Step> contract = new ArrayList<>(up == null ? List.of() : dropTriggers);
        contract.add(sql(where + ": make it visible" + (nullable ? "" : " and NOT NULL"), "ALTER TABLE " + q + " MODIFY " + c + " "
                + type + (nullable ? " NULL" : " NOT NULL") + def));
        List<Step> rollback = new ArrayList<>(dropTriggers);
        rollback.add(sql(where + ": drop the column", "ALTER TABLE " + q + " DROP COLUMN " + c));

        return phase -> switch (phase) {
            case EXPAND -> expand;
            case BACKFILL -> backfill;
            case CONTRACT -> contract;
            case ROLLBACK -> rollback;
        };
    }

    private static Step sql(String description, String sql) {
        return step(description, (context, resumed) -> context.execute(sql, resumed));
    }

    private static Step trigger(String description, String name, String event, String table, String column, String up,
                                String sessionTag) {
        return step(description, (context, resumed) ->
                context.execute(SyncTrigger.create(context, name, event, table, column, up, sessionTag), resumed));
    }

    private interface Action {
        void run(StepContext context, boolean resumed) throws SQLException;
    }

    private static Step step(String description, Action action) {
        return new Step() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public void apply(StepContext context, boolean resumed) throws SQLException {
                action.run(context, resumed);
            }
        };
    }
}
