package dev.tandem.mysql.internal;

import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read-only checks that operations make before their migration changes anything, against the
 * {@link SchemaModel} of the check session: the live schema plus what earlier operations add.
 */
final class Checks {

    private Checks() {
    }

    /**
     * There is a table {@code table}, or an earlier operation of the migration makes one; not a view, which the
     * operation's ALTER would fail on with a server error that names no view (a {@code rename_table}'s new name is
     * one until its contract).
     */
    static Step tableExists(String where, String table) {
        return Steps.of(where + ": table " + table + " exists", (context, resumed) -> {
            requireTableOrView(context, where, table);
            if (SchemaInspector.of(context).isView(table)) {
                throw SchemaRefusal.viewNotTable(where, table);
            }
        });
    }

    /** There is a table or a view {@code table} (what {@code rename_table} and {@code drop_table} take alike). */
    static Step tableOrViewExists(String where, String table) {
        return Steps.of(where + ": table " + table + " exists", (context, resumed) -> requireTableOrView(context, where, table));
    }

    private static void requireTableOrView(StepContext context, String where, String table) throws SQLException {
        if (!SchemaModel.of(context).tableExists(table)) {
            throw SchemaRefusal.tableMissing(where, table);
        }
    }

    /** No table or view has the name {@code table}, nor does an earlier operation of the migration give it one. */
    static Step tableAbsent(String where, String table) {
        return Steps.of(where + ": table " + table + " is free", (context, resumed) -> {
            SchemaModel model = SchemaModel.of(context);
            if (model.tableExists(table)) {
                throw SchemaRefusal.tableExists(where, table);
            }
            if (!model.take(table)) {
                throw SchemaRefusal.nameTakenInMigration(where, table);
            }
        });
    }

    static Step indexExists(String where, String table, String index) {
        return Steps.of(where + ": index " + index + " exists", (context, resumed) -> {
            if (SchemaModel.of(context).indexes(table).stream().noneMatch(i -> i.isNamed(index))) {
                throw SchemaRefusal.indexMissing(where, table, index);
            }
        });
    }

    /**
     * Neither the table nor an earlier operation of the migration has an index named {@code index}; records the
     * one the operation makes over {@code columns}, for the operations after it.
     */
    static Step indexNameFree(String where, String table, String index, List<String> columns) {
        return Steps.of(where + ": index name " + index + " is free", (context, resumed) -> {
            SchemaModel model = SchemaModel.of(context);
            if (model.indexes(table).stream().anyMatch(i -> i.isNamed(index))) {
                throw SchemaRefusal.indexExists(where, table, index);
            }
            if (model.indexMadeEarlier(table, index)) {
                throw SchemaRefusal.indexMadeEarlier(where, table, index);
            }
            model.makeIndex(table, index, columns);
        });
    }

    /** The column exists, or an earlier operation of the migration adds it. */
    static Step columnExists(String where, String table, String column) {
        return Steps.of(where + ": column " + table + "." + column + " exists", (context, resumed) -> {
            if (!SchemaModel.of(context).hasColumn(table, column)) {
                throw SchemaRefusal.columnMissing(where, table, column);
            }
        });
    }

    /** Neither the table nor an earlier operation of the migration has the column. */
    static Step columnAbsent(String where, String table, String column) {
        return Steps.of(where + ": column " + table + "." + column + " is free", (context, resumed) -> {
            if (SchemaModel.of(context).hasColumn(table, column)) {
                throw SchemaRefusal.columnExists(where, table, column);
            }
        });
    }

    /**
     * The server compiles {@code expression} over the table's columns without reading a row; columns
     * that earlier operations of the migration add stand in as NULLs.
     */
    static Step expressionCompiles(String where, String table, String field, String expression) {
        return expressionCompiles(where, table, field, expression, Set.of());
    }

    /** {@link #expressionCompiles(String, String, String, String)} where this operation's {@code ownColumns} exist too. */
    static Step expressionCompiles(String where, String table, String field, String expression, Set<String> ownColumns) {
        return Steps.of(where + ": '" + field + "' compiles", (context, resumed) -> {
            Set<String> added = new java.util.LinkedHashSet<>(SchemaModel.of(context).added(table));
            added.addAll(ownColumns);
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
                throw SchemaRefusal.expressionInvalid(where, table, field, expression, e);
            }
        });
    }

    /**
     * Refuses what the server compiles, but Tandem cannot read or the triggers cannot run alike: a comment (a quote in
     * {@code -- don't} hid the {@code NOW()} after it, and a column), a session's variable (the triggers read each
     * application session's own, NULL in most), a column named through the table (unknown in a trigger).
     */
    private static void requireReadable(String where, String table, String field, String expression) throws SchemaRefusal {
        Optional<String> unreadable = Expressions.unreadable(expression);
        String problem = unreadable.map(u -> u.startsWith("a comment")
                ? u + ", which may hide a column, a function or a quote from what Tandem reads of it; take it out"
                : u + ", which the sync triggers read in each application session, each its own (NULL in most), where the"
                + " backfill reads Tandem's; write the value itself").orElse(null);
        if (problem == null && Expressions.qualifiedBy(expression, table)) {
            problem = "a column named through " + table + " (" + table + ".column): the sync triggers see the row's columns,"
                    + " not the table, and would fail every write; name them alone, and give a subquery of " + table
                    + " an alias of its own";
        }
        if (problem != null) {
            throw new SchemaRefusal(SchemaRefusal.Kind.EXPRESSION_INVALID, where, table, null, null, where + ": '" + field
                    + "' (" + expression + ") holds " + problem + ".");
        }
    }

    /**
     * A column to be NOT NULL gets no NULL from {@code up} for the rows there are: its contract would fail
     * on them, after the expand and the backfill ran. The rows are counted (a scan of the table) unless
     * earlier operations of the migration add columns to it, which are NULL until their own backfill.
     */
    static Step upGivesNoNull(String where, String table, String column, String up) {
        return Steps.of(where + ": no NULL from 'up' where NOT NULL is asked", (context, resumed) -> {
            SchemaModel model = SchemaModel.of(context);
            if (model.added(table).isEmpty() && !model.liveColumns(table).isEmpty()) {
                requireNoNullFrom(context, where, table, column, up);
            }
        });
    }

    /**
     * The values {@code up} gives fit the new column's {@code type}: else the backfill fails after the expand,
     * and the sync triggers, which give old code's writes the same values, fail those writes meanwhile (every
     * one of them, for an {@code up} that does not fit the type at all). Tried on the server
     * ({@link ColumnProbe#requireUpFits}), unless earlier operations of the migration add columns to the table
     * (NULL until their own backfill) or it has none yet; skipped where this user may not create a temporary
     * table.
     */
    static Step upValuesFit(String where, String table, String column, String type, String up) {
        return Steps.of(where + ": the values 'up' gives fit " + type, (context, resumed) ->
                requireUpFits(context, where, table, column, type, up));
    }

    /** {@link #upValuesFit} for the type {@code column} of {@code table} has (set_not_null fills its NULLs with 'up'). */
    static Step upValuesFitTheColumn(String where, String table, String column, String up) {
        return Steps.of(where + ": the values 'up' gives fit the column", (context, resumed) -> requireUpFits(context, where,
                table, column, Columns.describe(context, table, column, where).definition(), up));
    }

    private static void requireUpFits(StepContext context, String where, String table, String column, String type, String up)
            throws SQLException {
        SchemaModel model = SchemaModel.of(context);
        if (model.added(table).isEmpty() && !model.liveColumns(table).isEmpty()) {
            try (ColumnProbe probe = ColumnProbe.of(context, table, type + " NULL", where)) {
                if (probe != null) {
                    probe.requireUpFits(table, column, up, where);
                }
            }
        }
    }

    /** Refuses when {@code up} gives NULL for a row of {@code table}, the column being {@code column}. */
    static void requireNoNullFrom(StepContext context, String where, String table, String column, String up)
            throws SQLException {
        long nulls = Jdbc.count(context.connection(), "SELECT COUNT(*) FROM " + Identifiers.quote(table) + " WHERE ("
                + up + ") IS NULL");
        if (nulls > 0) {
            String fix = "Give an 'up' that maps them to a value (e.g. COALESCE(" + up + ", <a value>)), or fix those rows"
                    + " first.";
            throw new SchemaRefusal(SchemaRefusal.Kind.NULLS_REMAIN, where, table, column, fix, where + ": " + nulls
                    + " row(s) of " + table + " would get NULL from '" + up + "', but " + column + " is to be NOT NULL. "
                    + fix);
        }
    }

    /**
     * A column the contract makes NOT NULL, with {@code defaultSql} as its default then (null: none), must be
     * made so in place: MariaDB does not while the default is no constant
     * ({@link ServerFlavor#makesNotNullInPlace}), and that contract would fail after the expand and the
     * backfill ran.
     */
    static Step notNullInPlace(String where, String table, String column, String defaultSql) {
        return Steps.of(where + ": the server makes it NOT NULL in place", (context, resumed) -> {
            if (!ServerFlavor.makesNotNullInPlace(ServerFlavor.isMariaDb(context), defaultSql)) {
                throw notNullCopies(where, table, column, defaultSql);
            }
        });
    }

    /** {@link #notNullInPlace} for a column that keeps the default it has. */
    static Step notNullInPlaceKeepingDefault(String where, String table, String column) {
        return Steps.of(where + ": the server makes it NOT NULL in place", (context, resumed) -> {
            boolean mariaDb = ServerFlavor.isMariaDb(context);
            Columns existing = Columns.describe(context, table, column, where);
            String defaultSql = existing.hasDefault(mariaDb) ? existing.columnDefault() : null;
            if (!ServerFlavor.makesNotNullInPlace(mariaDb, defaultSql)) {
                throw notNullCopies(where, table, column, defaultSql);
            }
            if (existing.invisible() && defaultSql == null) {
                String fix = "Give it a default first, in an earlier migration (ALTER TABLE " + table + " ALTER COLUMN "
                        + column + " SET DEFAULT ...), or make it visible.";
                throw new SchemaRefusal(SchemaRefusal.Kind.NULLS_REMAIN, where, table, column, fix, where + ": " + column
                        + " is INVISIBLE without a default: every INSERT that leaves it out (one without a column list"
                        + " does) would fail once it is NOT NULL, and MariaDB refuses it outright. " + fix);
            }
        });
    }

    private static SchemaRefusal notNullCopies(String where, String table, String column, String defaultSql) {
        String fix = "Keep it NULL-able (the default still fills inserts that omit it), or give it a constant default.";
        return new SchemaRefusal(SchemaRefusal.Kind.NOT_IN_PLACE, where, table, column, fix, where + ": MariaDB makes "
                + column + " NOT NULL only by copying the table while its default is " + defaultSql + ", no constant"
                + " (\"cannot convert NULL to non-constant DEFAULT\"), so the contract would fail. " + fix);
    }

    /**
     * MySQL adds a column whose default is an expression ({@code DEFAULT (CONCAT(...))}, given in parentheses)
     * only by copying the table, since it computes the default for every row there: refused before the
     * expand, with the way that stays online ({@code up} with the same expression). MariaDB adds it in place.
     */
    static Step defaultAddedInPlace(String where, String table, String column, String defaultSql) {
        return Steps.of(where + ": the server adds the column with its default in place", (context, resumed) -> {
            String expression = ServerFlavor.isMariaDb(context) ? null : ServerFlavor.expressionDefault(defaultSql);
            if (expression != null) {
                String fix = "Give the operation up: \"" + expression + "\" as well: the rows that exist get its value in a"
                        + " throttled backfill, old code's inserts from the triggers, and the column gets the default once"
                        + " every row has a value. Or give it a constant default.";
                throw new SchemaRefusal(SchemaRefusal.Kind.NOT_IN_PLACE, where, table, column, fix, where + ": MySQL adds "
                        + column + " with the default " + defaultSql + ", an expression, only by copying the table (it"
                        + " computes the default for every row there), which blocks writes. " + fix);
            }
        });
    }

    /**
     * The server accepts {@code definition} (type, nullability, default) for a column of {@code table}
     * under this session's {@code sql_mode}: a default it would refuse stops the migration here, not at
     * its contract (see {@link ColumnProbe}). Then the column {@code column} is added so to an empty copy of
     * the table ({@link EmptyCopyTrial}): beside its columns a row may grow too large, which used to fail at
     * the expand, after the operations before it had run theirs.
     */
    static Step definitionAccepted(String where, String table, String column, String definition) {
        return Steps.of(where + ": the server accepts '" + definition + "'", (context, resumed) -> {
            try (ColumnProbe ignored = ColumnProbe.of(context, table, definition, where)) {
                // Trying it is the check.
            }
            EmptyCopyTrial.requireColumnAccepted(context, where, table, "ADD COLUMN " + Identifiers.quote(column) + " "
                    + definition, definition);
        });
    }

    /**
     * An expression that the sync triggers evaluate must not read an AUTO_INCREMENT column: in a
     * BEFORE INSERT trigger its value is not assigned yet (it reads 0), so inserted rows would get a
     * wrong value.
     */
    static Step noAutoIncrement(String where, String table, String field, String expression) {
        return Steps.of(where + ": '" + field + "' does not read the auto-increment column", (context, resumed) -> {
            String autoIncrement = SchemaModel.of(context).liveColumns(table).stream().filter(ColumnInfo::isAutoIncrement)
                    .map(ColumnInfo::name).findFirst().orElse(null);
            if (autoIncrement != null && Expressions.columnsNamed(expression, Map.of(autoIncrement, "")).containsKey(autoIncrement)) {
                throw SchemaRefusal.readsAutoIncrement(where, table, field, autoIncrement);
            }
        });
    }

    /**
     * An expression the sync triggers evaluate reads no column that an {@code alter_column} in flight changes (its
     * shadow, {@code _tandem_<column>}, is there): the triggers declare each column they read with its type of the
     * moment, and once that migration's contract swapped the new type in, they went on reading it as the old one
     * ({@code DECIMAL(10,2)} rounded a {@code DECIMAL(12,4)} value), silently. First, that the triggers can read it
     * as the backfill does ({@link #requireReadable}); last, records what it reads for a later {@code set_not_null} of
     * the migration ({@link #filledBeforeTriggersRead}).
     */
    static Step triggersCanRead(String where, String table, String field, String expression) {
        return Steps.of(where + ": the sync triggers can compute '" + field + "'", (context, resumed) -> {
            requireReadable(where, table, field, expression);
            SchemaModel model = SchemaModel.of(context);
            Map<String, ColumnInfo> live = new LinkedHashMap<>();
            model.liveColumns(table).forEach(c -> live.put(c.name(), c));
            Set<String> read = Expressions.columnsNamed(expression, live).keySet();
            model.readInTriggers(table, read, where);
            for (String column : read) {
                String shadow = AlterColumn.SHADOW_PREFIX + column;
                if (live.keySet().stream().anyMatch(shadow::equalsIgnoreCase)) {
                    throw new SchemaRefusal(SchemaRefusal.Kind.SYNCED_BY_ANOTHER_MIGRATION, where, table, column,
                            CONTRACT_THE_OTHER_FIRST, where + ": '" + field + "' reads " + column + ", which a migration not"
                            + " contracted yet alters (its shadow " + shadow + " is there); this migration's triggers would"
                            + " read " + column + " as its type of now, and go on doing so once that migration's contract"
                            + " gives it its new type, changing its values as they read them. " + CONTRACT_THE_OTHER_FIRST);
                }
            }
        });
    }

    /**
     * No earlier operation of the migration has sync triggers that read {@code column}: they fire before this
     * {@code set_not_null}'s, and computed their value from an old writer's NULL, which this one's fill replaced
     * only after them ({@code label} of {@code CONCAT(name, '/', country)} stayed NULL for good).
     */
    static Step filledBeforeTriggersRead(String where, String table, String column) {
        return Steps.of(where + ": no earlier operation's triggers read " + column, (context, resumed) -> {
            Optional<String> reader = SchemaModel.of(context).triggersReading(table, column);
            if (reader.isPresent()) {
                String fix = "Put this set_not_null before " + reader.get() + " in the script, or in an earlier migration.";
                throw new SchemaRefusal(SchemaRefusal.Kind.FILLED_AFTER_READ, where, table, column, fix, where
                        + ": the triggers of " + reader.get() + " read " + column + " and fire before this one's, which fill"
                        + " it: a NULL an old writer sends would reach them unfilled. " + fix);
            }
        });
    }

    /**
     * An expression the sync triggers evaluate names, in a subquery, no column of the table that the
     * subquery's tables have too, unqualified: the triggers declare the row's columns as variables, which
     * come before a subquery's columns, so {@code (SELECT name FROM countries WHERE id = country_id)} would
     * compare the row's own id there, where the backfill compares the country's.
     */
    static Step subqueryNamesUnambiguous(String where, String table, String field, String expression) {
        return Steps.of(where + ": '" + field + "' names its subqueries' columns unambiguously", (context, resumed) -> {
            List<String> subqueries = Expressions.subqueries(expression);
            if (subqueries.isEmpty()) {
                return;
            }
            SchemaModel model = SchemaModel.of(context);
            Set<String> own = new HashSet<>();
            model.liveColumns(table).forEach(c -> own.add(c.name().toLowerCase(Locale.ROOT)));
            model.added(table).forEach(c -> own.add(c.toLowerCase(Locale.ROOT)));
            for (String subquery : subqueries) {
                List<Expressions.TableRead> reads = Expressions.tablesRead(subquery).stream().distinct().toList();
                Set<String> theirs = new HashSet<>();
                for (Expressions.TableRead read : reads) {
                    columnsOf(context, model, read).forEach(c -> theirs.add(c.toLowerCase(Locale.ROOT)));
                }
                List<String> tables = reads.stream().map(r -> r.database() == null ? r.name() : r.database() + "." + r.name())
                        .toList();
                List<String> both = Expressions.unqualifiedWords(subquery).stream()
                        .filter(w -> own.contains(w.toLowerCase(Locale.ROOT)) && theirs.contains(w.toLowerCase(Locale.ROOT)))
                        .distinct().toList();
                if (!both.isEmpty()) {
                    throw SchemaRefusal.subqueryNameAmbiguous(where, table, field, both, tables);
                }
            }
        });
    }

    /**
     * The columns of a table a subquery reads: as the migration leaves them for a table of the schema named
     * alone, as the server has them for one named with its database (another schema's, or this one's).
     */
    private static List<String> columnsOf(StepContext context, SchemaModel model, Expressions.TableRead read)
            throws SQLException {
        if (read.database() == null) {
            return model.tableExists(read.name()) ? model.liveColumns(read.name()).stream().map(ColumnInfo::name).toList()
                    : List.of();
        }
        return Jdbc.rows(context.connection(), "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ?", read.database(), read.name()).stream()
                .map(row -> row.get(0)).toList();
    }

    /**
     * The column is not AUTO_INCREMENT: an INSERT's sync trigger runs before the server assigns it its value
     * (it reads 0), so no trigger can copy it to another column. rename_column's copy got 0 from every old
     * writer's INSERT, and a new writer's UPDATE of such a row copied the 0 back into the key.
     */
    static Step notAutoIncrement(String where, String table, String column) {
        return Steps.of(where + ": " + column + " is not AUTO_INCREMENT", (context, resumed) -> {
            boolean autoIncrement = SchemaModel.of(context).liveColumns(table).stream()
                    .anyMatch(c -> c.name().equalsIgnoreCase(column) && c.isAutoIncrement());
            if (autoIncrement) {
                throw SchemaRefusal.autoIncrementCopied(where, table, column);
            }
        });
    }

    /**
     * No foreign key of the table changes the column by an action of its own (ON UPDATE CASCADE, ON DELETE SET
     * NULL, ...): neither server fires triggers for those writes, so the sync triggers would not carry them to
     * the column's copy, which would keep the value of before for good.
     */
    static Step notChangedByForeignKeyActions(String where, String table, String column) {
        return Steps.of(where + ": no foreign key action changes " + column, (context, resumed) -> {
            List<List<String>> keys = Jdbc.rows(context.connection(), SchemaQueries.FOREIGN_KEY_ACTIONS, table, column);
            if (!keys.isEmpty()) {
                List<String> key = keys.get(0);
                throw SchemaRefusal.changedByForeignKeyAction(where, table, column, key.get(0), key.get(1), key.get(2));
            }
        });
    }

    /**
     * The column is in no foreign key, as child or parent: the contract could neither drop it nor swap
     * another column in under the key (both servers refuse), after the expand had changed the table.
     */
    static Step notInForeignKey(String where, String table, String column) {
        return Steps.of(where + ": " + column + " is in no foreign key", (context, resumed) -> {
            List<ForeignKeyInfo> keys = SchemaModel.of(context).foreignKeys(table).stream()
                    .filter(key -> key.involves(table, column)).toList();
            if (!keys.isEmpty()) {
                throw SchemaRefusal.inForeignKey(where, table, column, keys.get(0));
            }
        });
    }

    /**
     * No CHECK constraint of the table reads the column in a way the contract's {@code change} cannot keep
     * ({@link CheckReads#notKept}): it used to drop such a CHECK without a word (alter_column), or fail on it
     * after the whole change.
     */
    static Step checksKept(String where, String table, String column, CheckReads.Change change) {
        return Steps.of(where + ": the contract keeps the CHECKs that read " + column, (context, resumed) -> {
            List<CheckReads.Check> lost = CheckReads.notKept(SchemaInspector.of(context).checks(table), column, change,
                    ServerFlavor.checksFollowRenames(context));
            if (!lost.isEmpty()) {
                throw SchemaRefusal.inCheck(where, table, column, lost.stream().map(CheckReads.Check::name).toList(),
                        change == CheckReads.Change.REPLACED && lost.stream().allMatch(c -> c.columns().stream()
                                .allMatch(read -> read.equalsIgnoreCase(column))));
            }
        });
    }

    /**
     * For a contract that drops {@code column}: a CHECK that reads it now was made since the expand (which refused
     * those there were, {@link #checksKept}), by new code or a later migration, and the DROP COLUMN would drop it
     * without a word (both servers do, for a CHECK over that column alone), where adding it again copies the table.
     * Refused, naming it, before the contract changes anything. {@code instead}: what takes the column's place.
     */
    static void refuseChecksMadeSinceTheExpand(StepContext context, String where, String table, String column, String instead)
            throws SQLException {
        for (CheckReads.Check check : SchemaInspector.of(context).checks(table)) {
            if (check.columns().contains(column.toLowerCase(Locale.ROOT))) {
                String fix = "Drop it (ALTER TABLE " + table + " DROP CONSTRAINT " + check.name() + ", in a migration of its own),"
                        + " contract, then add it again.";
                throw new SchemaRefusal(SchemaRefusal.Kind.IN_CHECK, where, table, column, fix, where + ": CHECK " + check.name()
                        + " was made on " + column + " since the expand, and the contract drops " + column + " (" + instead
                        + "): the CHECK would go with it without a word, and it is not added again online (adding one copies"
                        + " the table). " + fix);
            }
        }
    }

    /**
     * The table is not partitioned by an expression that reads the column: neither server drops or renames
     * such a column ("has a partitioning function dependency"), so the contract failed, after the whole change.
     * Both servers write the expression's names quoted.
     */
    static Step notInPartitioning(String where, String table, String column) {
        return Steps.of(where + ": " + table + " is not partitioned by " + column, (context, resumed) -> {
            String quoted = Identifiers.quote(column).toLowerCase(Locale.ROOT);
            for (String expression : SchemaInspector.of(context).partitionExpressions(table)) {
                if (expression.toLowerCase(Locale.ROOT).contains(quoted)) {
                    throw SchemaRefusal.inPartitioning(where, table, column, expression);
                }
            }
        });
    }

    /**
     * The column is not in the primary key: dropping it at a swap would only shrink the key (both
     * servers do so silently), and the copy of the key a shadow would need cannot be built online.
     */
    static Step notInPrimaryKey(String where, String table, String column) {
        return Steps.of(where + ": " + column + " is not in the primary key", (context, resumed) -> {
            if (SchemaModel.of(context).indexes(table).stream().anyMatch(i -> i.isPrimary() && i.covers(column))) {
                throw SchemaRefusal.inPrimaryKey(where, table, column);
            }
        });
    }

    /**
     * Neither server changes a column of a table with a FULLTEXT index online, an ADD, a MODIFY or a DROP
     * alike (MySQL: "InnoDB presently supports one FULLTEXT index creation at a time"; MariaDB: "Fulltext
     * index creation requires a lock"), so {@code change}, the operation's ALTER, would be refused; a
     * contract's, after the expand and the backfill had run.
     */
    static Step columnsChangeOnline(String where, String table, String column, String change) {
        return Steps.of(where + ": the server changes the columns of " + table + " online", (context, resumed) -> {
            Set<String> fullTextKeys = new HashSet<>();
            SchemaInspector.of(context).indexKinds(table).forEach((lowerCaseName, kind) -> {
                if (IndexShrink.FULLTEXT.equalsIgnoreCase(kind.type())) {
                    fullTextKeys.add(lowerCaseName);
                }
            });
            List<String> fullText = SchemaModel.of(context).indexes(table).stream().map(IndexInfo::name)
                    .filter(name -> fullTextKeys.contains(name.toLowerCase(Locale.ROOT))).toList();
            if (!fullText.isEmpty()) {
                throw SchemaRefusal.columnsChangeOnlyBlocking(where, table, column, fullText, change);
            }
        });
    }

    /**
     * No generated column is computed from {@code column}: the contract's DROP or RENAME of it would
     * fail on both servers, after the expand had changed the table.
     */
    static Step noGeneratedColumnReads(String where, String table, String column) {
        return Steps.of(where + ": no generated column reads " + column, (context, resumed) -> {
            for (ColumnInfo generated : SchemaModel.of(context).liveColumns(table)) {
                if (generated.isGenerated()
                        && !Expressions.columnsNamed(generated.generationExpression(), Map.of(column, "")).isEmpty()) {
                    throw SchemaRefusal.generatedColumnReads(where, table, column, generated);
                }
            }
        });
    }

    /**
     * {@code column} is not generated: its shadow would be a plain column, filled with the values computed so far,
     * and the swap would leave a column that no longer follows the columns it was computed from (a type cannot
     * say {@code GENERATED}, {@link ColumnTypeField}).
     */
    static Step notGenerated(String where, String table, String column) {
        return Steps.of(where + ": " + column + " is not a generated column", (context, resumed) -> {
            for (ColumnInfo generated : SchemaModel.of(context).liveColumns(table)) {
                if (generated.isNamed(column) && generated.isGenerated()) {
                    String fix = "Change a generated column with a plain ALTER TABLE ... MODIFY (online for a VIRTUAL one"
                            + " that no index holds), or add a new generated column and drop this one.";
                    throw new SchemaRefusal(SchemaRefusal.Kind.DEFINITION_UNSAID, where, table, column, fix, where + ": "
                            + column + " is a generated column (" + generated.generationExpression() + "), and its"
                            + " new shape would be a plain column holding the values computed so far, no longer computed"
                            + " from what it reads. " + fix);
                }
            }
        });
    }

    /** The fix of a refusal for another migration in flight: its triggers' names say which. */
    private static final String CONTRACT_THE_OTHER_FIRST = "Contract the migration those triggers belong to first (its"
            + " number follows '_tandem_'), then start this one.";

    /**
     * No other migration in flight (expanded, not contracted) syncs {@code column}: its triggers, which fire
     * first, would copy the column before this migration's triggers set it from the newest code's write, and its
     * contract would then keep the older value (or a NULL for an insert); writes of the newest code were lost.
     * Run before any step, so the triggers found are other migrations'.
     */
    static Step notSyncedByAnotherMigration(String where, String table, String column) {
        return Steps.of(where + ": no migration in flight syncs " + column, (context, resumed) -> {
            List<String> syncing = TriggerReads.readingRow(TriggerReads.tandemTriggers(context), table, column);
            if (!syncing.isEmpty()) {
                throw new SchemaRefusal(SchemaRefusal.Kind.SYNCED_BY_ANOTHER_MIGRATION, where, table, column,
                        CONTRACT_THE_OTHER_FIRST, where
                        + ": " + column + " of " + table + " is synced by the triggers " + String.join(", ", syncing) + " of a"
                        + " migration not contracted yet; with two in flight on one column, the first one's triggers copy"
                        + " it before this one's set it, and its contract would keep the older value, losing the newest"
                        + " code's writes. " + CONTRACT_THE_OTHER_FIRST);
            }
        });
    }

    /**
     * No earlier operation of the migration syncs {@code column} (records that this one does): both contracts
     * would change it, in the order of the script, and the second may find it gone or redefined (a set_not_null
     * after the rename_column of its column failed at the contract, its triggers left to fail every write),
     * while each one's triggers copied what the other's had not filled yet. Refused in either order, though
     * some (a set_not_null before the rename) might hold: one migration per change of a column is the rule.
     */
    static Step syncedOnceInMigration(String where, String table, String column) {
        return Steps.of(where + ": no earlier operation of the migration syncs " + column, (context, resumed) -> {
            Optional<String> earlier = SchemaModel.of(context).sync(table, column, where);
            if (earlier.isPresent()) {
                String fix = "Change it in a later migration, once this one is contracted.";
                throw new SchemaRefusal(SchemaRefusal.Kind.SYNCED_IN_MIGRATION, where, table, column, fix, where + ": "
                        + earlier.get() + " syncs " + table + "." + column + " too: the contracts of two operations of one"
                        + " migration would change the column one after the other, and each one's triggers copy what the"
                        + " other's have not filled yet. " + fix);
            }
        });
    }

    /**
     * No other migration in flight has a trigger on another table that names {@code table} (an {@code up} that
     * reads it in a subquery): once this migration's contract drops or renames the table, that trigger fails,
     * and with it every write to its own table.
     */
    static Step notReadByAnotherMigration(String where, String table) {
        return Steps.of(where + ": no migration in flight reads " + table, (context, resumed) -> {
            List<String> reading = TriggerReads.naming(TriggerReads.tandemTriggers(context), table, null);
            if (!reading.isEmpty()) {
                throw new SchemaRefusal(SchemaRefusal.Kind.SYNCED_BY_ANOTHER_MIGRATION, where, table, null,
                        CONTRACT_THE_OTHER_FIRST, where
                        + ": the triggers " + String.join(", ", reading) + " of a migration not contracted yet name " + table
                        + " (an 'up' that reads it); once the table is dropped or renamed they fail, and every write to"
                        + " their table with them. " + CONTRACT_THE_OTHER_FIRST);
            }
        });
    }

    /** A primary key, or a unique key over NOT NULL columns: what the backfill walks the table by. */
    static Step hasBackfillKey(String where, String table) {
        return Steps.of(where + ": " + table + " has a key for the backfill", (context, resumed) -> {
            SchemaModel model = SchemaModel.of(context);
            if (BackfillKey.chosen(model.indexes(table), model.liveColumns(table)).isEmpty()) {
                throw SchemaRefusal.noBackfillKey(where, table);
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
}
