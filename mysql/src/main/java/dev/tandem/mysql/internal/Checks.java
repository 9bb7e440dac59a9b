package dev.tandem.mysql.internal;

import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read-only checks of the live schema that operations make before their migration changes anything. */
final class Checks {

    private Checks() {
    }

    static Step tableExists(String where, String table) {
        return Steps.of(where + ": table " + table + " exists", (context, resumed) -> {
            if (SchemaInspector.of(context).table(table).isEmpty()) {
                throw new SQLException(where + ": there is no table " + table + " in this schema (check the name; it"
                        + " must exist before this migration, created by an earlier one)");
            }
        });
    }

    /** The column exists, or an earlier operation of the migration adds it ({@code added}). */
    static Step tableAbsent(String where, String table) {
        return Steps.of(where + ": table " + table + " is free", (context, resumed) -> {
            if (SchemaInspector.of(context).table(table).isPresent()) {
                throw new SQLException(where + ": a table or view " + table + " already exists; choose another name");
            }
        });
    }

    static Step indexExists(String where, String table, String index) {
        return Steps.of(where + ": index " + index + " exists", (context, resumed) -> {
            if (!hasIndex(context, table, index)) {
                throw new SQLException(where + ": the table " + table + " has no index " + index);
            }
        });
    }

    static Step indexAbsent(String where, String table, String index) {
        return Steps.of(where + ": index name " + index + " is free", (context, resumed) -> {
            if (hasIndex(context, table, index)) {
                throw new SQLException(where + ": the table " + table + " already has an index " + index
                        + "; choose another name");
            }
        });
    }

    private static boolean hasIndex(StepContext context, String table, String index) throws SQLException {
        return SchemaInspector.of(context).indexes(table).stream().anyMatch(i -> i.isNamed(index));
    }

    static Step columnExists(String where, String table, String column, Set<String> added) {
        return Steps.of(where + ": column " + table + "." + column + " exists", (context, resumed) -> {
            if (!contains(added, column) && !Columns.exists(context, table, column)) {
                throw new SQLException(where + ": the table " + table + " has no column " + column);
            }
        });
    }

    static Step columnAbsent(String where, String table, String column, Set<String> added) {
        return Steps.of(where + ": column " + table + "." + column + " is free", (context, resumed) -> {
            if (contains(added, column) || Columns.exists(context, table, column)) {
                throw new SQLException(where + ": the table " + table + " already has a column " + column
                        + "; choose another name");
            }
        });
    }

    /**
     * The server compiles {@code expression} over the table's columns without reading a row; columns
     * that earlier operations of the migration add ({@code added}) stand in as NULLs.
     */
    static Step expressionCompiles(String where, String table, String field, String expression, Set<String> added) {
        return Steps.of(where + ": '" + field + "' compiles", (context, resumed) -> {
            StringBuilder from = new StringBuilder(Identifiers.quote(table));
            if (!added.isEmpty()) {
                from.setLength(0);
                from.append("(SELECT t.*");
                added.forEach(column -> from.append(", NULL AS ").append(Identifiers.quote(column)));
                from.append(" FROM ").append(Identifiers.quote(table)).append(" t) AS ").append(Identifiers.quote(table));
            }
            try (Statement s = context.connection().createStatement()) {
                s.executeQuery("SELECT (" + expression + ") FROM " + from + " LIMIT 0").close();
            } catch (SQLException e) {
                throw new SQLException(where + ": '" + field + "' (" + expression + ") is not a valid expression over "
                        + table + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
        });
    }

    /**
     * The server accepts {@code definition} (type, nullability, default) for a column of {@code table}
     * under this session's {@code sql_mode}: a default it would refuse stops the migration here, not at
     * its contract (see {@link ColumnProbe}).
     */
    static Step definitionAccepted(String where, String table, String definition) {
        return Steps.of(where + ": the server accepts '" + definition + "'", (context, resumed) -> {
            try (ColumnProbe ignored = ColumnProbe.of(context, table, definition, where)) {
                // Trying it is the check.
            }
        });
    }

    /**
     * An expression that the sync triggers evaluate must not read an AUTO_INCREMENT column: in a
     * BEFORE INSERT trigger its value is not assigned yet (it reads 0), so inserted rows would get a
     * wrong value.
     */
    static Step noAutoIncrement(String where, String table, String field, String expression) {
        return Steps.of(where + ": '" + field + "' does not read the auto-increment column", (context, resumed) -> {
            String autoIncrement = SchemaInspector.of(context).columns(table).stream().filter(ColumnInfo::isAutoIncrement)
                    .map(ColumnInfo::name).findFirst().orElse(null);
            if (autoIncrement != null && Expressions.columnsNamed(expression, Map.of(autoIncrement, "")).containsKey(autoIncrement)) {
                throw new SQLException(where + ": '" + field + "' reads " + autoIncrement + ", an AUTO_INCREMENT column whose"
                        + " value is not assigned yet when the sync trigger runs for an INSERT (it reads 0). Derive the value"
                        + " from other columns.");
            }
        });
    }

    /**
     * The column is in no foreign key, as child or parent: the contract could neither drop it nor swap
     * another column in under the key (both servers refuse), after the expand had changed the table.
     */
    static Step notInForeignKey(String where, String table, String column) {
        return Steps.of(where + ": " + column + " is in no foreign key", (context, resumed) -> {
            List<ForeignKeyInfo> keys = SchemaInspector.of(context).foreignKeys(table).stream()
                    .filter(key -> key.involves(table, column)).toList();
            if (!keys.isEmpty()) {
                throw new SQLException(where + ": " + column + " is part of the foreign key " + keys.get(0).name() + " (on "
                        + keys.get(0).table() + "), which the contract could not keep. Drop the key first (in an earlier"
                        + " migration), and add it back afterwards if it is still wanted.");
            }
        });
    }

    /**
     * The column is not in the primary key: dropping it at a swap would only shrink the key (both
     * servers do so silently), and the copy of the key a shadow would need cannot be built online.
     */
    static Step notInPrimaryKey(String where, String table, String column) {
        return Steps.of(where + ": " + column + " is not in the primary key", (context, resumed) -> {
            if (SchemaInspector.of(context).indexes(table).stream().anyMatch(i -> i.isPrimary() && i.covers(column))) {
                throw new SQLException(where + ": " + column + " is part of the primary key of " + table + ", which"
                        + " alter_column cannot change online (the swap would drop the column from the key). Change the"
                        + " key with a classic migration (a blocking ALTER TABLE) in a maintenance window, or build a new"
                        + " table (create_table, copy, rename_table).");
            }
        });
    }

    /**
     * No generated column is computed from {@code column}: the contract's DROP or RENAME of it would
     * fail on both servers, after the expand had changed the table.
     */
    static Step noGeneratedColumnReads(String where, String table, String column) {
        return Steps.of(where + ": no generated column reads " + column, (context, resumed) -> {
            for (ColumnInfo generated : SchemaInspector.of(context).columns(table)) {
                if (generated.isGenerated()
                        && !Expressions.columnsNamed(generated.generationExpression(), Map.of(column, "")).isEmpty()) {
                    throw new SQLException(where + ": the generated column " + generated.name() + " is computed from "
                            + column + " (" + generated.generationExpression() + "), and the contract could not drop or"
                            + " rename " + column + " under it. Drop or redefine " + generated.name() + " first (in an"
                            + " earlier migration).");
                }
            }
        });
    }

    /** A primary key, or a unique key over NOT NULL columns: what the backfill walks the table by. */
    static Step hasBackfillKey(String where, String table) {
        return Steps.of(where + ": " + table + " has a key for the backfill", (context, resumed) -> {
            if (SchemaInspector.of(context).indexes(table).stream().noneMatch(IndexInfo::isBackfillKey)) {
                throw new SQLException(where + ": " + table + " has no primary key and no unique key over NOT NULL"
                        + " columns, so its rows cannot be backfilled in chunks. Add a primary key first.");
            }
        });
    }

    /**
     * Up to five example rows of a query that selects a key (as text) and a count, formatted
     * {@code (key) xN}: what a refusal shows of duplicate keys or orphan rows.
     */
    static List<String> examples(StepContext context, String sql) throws SQLException {
        List<String> examples = new ArrayList<>();
        try (Statement s = context.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next() && examples.size() < 5) {
                examples.add("(" + rs.getString(1) + ") x" + rs.getLong(2));
            }
        }
        return examples;
    }

    private static boolean contains(Set<String> names, String name) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }
}
