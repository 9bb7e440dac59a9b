package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The schema one migration's checks validate against: the live schema, read lazily, once per table,
 * plus the columns the migration's earlier operations add (and the indexes they copy, and the changes an
 * empty copy of a table took for them). It is the expanded schema, in which old and
 * new shapes both exist: a column that {@code rename_column} adds stands beside the one it renames, and
 * a column {@code drop_column} drops is still there (until the contract, after every later operation's
 * expand and backfill).
 *
 * <p>The engine runs all checks of one migration, in order, on one session, and each session has its
 * own {@link StepContext}: {@link #of} keeps one model per context, forgotten with it. Steps other than
 * checks read the live schema through {@link SchemaInspector}, since steps change it.
 */
final class SchemaModel {

    /** The reads the model makes of the live schema ({@link SchemaInspector}'s, or a test's). */
    interface Source {
        Optional<TableInfo> table(String table) throws SQLException;

        List<ColumnInfo> columns(String table) throws SQLException;

        List<IndexInfo> indexes(String table) throws SQLException;

        List<ForeignKeyInfo> foreignKeys(String table) throws SQLException;
    }

    /** That an operation adds {@code column} to {@code table} at its expand. */
    record Added(String table, String column) {
    }

    private static final Map<StepContext, SchemaModel> BY_SESSION = Collections.synchronizedMap(new WeakHashMap<>());

    private final Source source;
    /** Live facts by table name as written (the server decides how names compare). */
    private final Map<String, Optional<TableInfo>> tables = new HashMap<>();
    private final Map<String, List<ColumnInfo>> columns = new HashMap<>();
    private final Map<String, List<IndexInfo>> indexes = new HashMap<>();
    private final Map<String, List<ForeignKeyInfo>> foreignKeys = new HashMap<>();
    /** Columns earlier operations add, by table name in lower case. */
    private final Map<String, Set<String>> added = new HashMap<>();
    /** Tables earlier operations create, by name in lower case. */
    private final Set<String> created = new HashSet<>();
    private final Set<String> dropped = new HashSet<>();
    /** Tables create_table makes, as the server made them on a temporary table, by name in lower case. */
    private final Map<String, Tried> tried = new HashMap<>();
    /** Names earlier operations give a new table or view (create_table, rename_table), in lower case. */
    private final Set<String> taken = new HashSet<>();
    /** Indexes earlier operations copy, by table name and index name in lower case: the column each copies it for. */
    private final Map<String, Map<String, String>> indexCopies = new HashMap<>();
    /** Indexes earlier operations make (create_index, add_foreign_key's own), by table name, then index name, in lower case. */
    private final Map<String, Map<String, List<String>>> madeIndexes = new HashMap<>();
    /** Names earlier operations give a foreign key, in lower case: a schema's foreign keys share one namespace. */
    private final Set<String> foreignKeyNames = new HashSet<>();
    /** Names earlier operations give a CHECK constraint, in lower case (where those share the schema's namespace). */
    private final Set<String> checkNames = new HashSet<>();
    /** Columns earlier operations' sync triggers read, by table name, then column name, in lower case: the operation. */
    private final Map<String, Map<String, String>> readInTriggers = new HashMap<>();
    /** Columns earlier operations sync (and change at their contract), by table name, then column name, in lower case: the operation. */
    private final Map<String, Map<String, String>> synced = new HashMap<>();
    /** The changes earlier operations' expands make to a table that an empty copy of it took, by table name in lower case. */
    private final Map<String, List<String>> triedChanges = new HashMap<>();

    SchemaModel(Source source) {
        this.source = source;
    }

    /** The model of the check session {@code context} belongs to. */
    static SchemaModel of(StepContext context) {
        return BY_SESSION.computeIfAbsent(context, c -> new SchemaModel(SchemaInspector.of(c)));
    }

    boolean tableExists(String table) throws SQLException {
        return readOnce(tables, table, source::table).isPresent();
    }

    /** Whether the table has the column, live or added by an earlier operation (names without case). */
    boolean hasColumn(String table, String column) throws SQLException {
        return added(table).stream().anyMatch(c -> c.equalsIgnoreCase(column))
                || liveColumns(table).stream().anyMatch(c -> c.isNamed(column));
    }

    /** The columns earlier operations add to the table, in the order they add them. */
    Set<String> added(String table) {
        return Collections.unmodifiableSet(added.getOrDefault(table.toLowerCase(Locale.ROOT), Set.of()));
    }

    /** The table's columns as the server has them before the migration. */
    List<ColumnInfo> liveColumns(String table) throws SQLException {
        return readOnce(columns, table, source::columns);
    }

    List<IndexInfo> indexes(String table) throws SQLException {
        return readOnce(indexes, table, source::indexes);
    }

    /** The foreign keys the table is child or parent in. */
    List<ForeignKeyInfo> foreignKeys(String table) throws SQLException {
        return readOnce(foreignKeys, table, source::foreignKeys);
    }

    /** Whether the table has an index of that name, live or made by an earlier operation (names without case). */
    boolean hasIndexNamed(String table, String index) throws SQLException {
        return indexes(table).stream().anyMatch(i -> i.isNamed(index)) || indexMadeEarlier(table, index);
    }

    /** Whether an earlier operation of the migration makes an index of the table with that name ({@link #makeIndex}). */
    boolean indexMadeEarlier(String table, String index) {
        return madeIndexes(table).containsKey(index.toLowerCase(Locale.ROOT));
    }

    /** Whether an index of the table, live or made by an earlier operation, begins with {@code columns}, in order. */
    boolean hasIndexLeadingWith(String table, List<String> columns) throws SQLException {
        return indexes(table).stream().anyMatch(i -> i.leadsWith(columns))
                || madeIndexes(table).values().stream().anyMatch(made -> IndexInfo.leads(made, columns));
    }

    /** Records that an operation makes an index of the table named {@code index} over {@code columns}. */
    void makeIndex(String table, String index, List<String> columns) {
        madeIndexes.computeIfAbsent(table.toLowerCase(Locale.ROOT), t -> new HashMap<>())
                .put(index.toLowerCase(Locale.ROOT), List.copyOf(columns));
    }

    /** Records that the sync triggers of the operation at {@code where} read {@code columns} of {@code table}. */
    void readInTriggers(String table, Collection<String> columns, String where) {
        Map<String, String> read = byColumn(readInTriggers, table);
        columns.forEach(c -> read.putIfAbsent(c.toLowerCase(Locale.ROOT), where));
    }

    /**
     * Records that the operation at {@code where} syncs {@code column} of {@code table}, and returns the earlier
     * operation of the migration that syncs it, if one does.
     */
    Optional<String> sync(String table, String column, String where) {
        return Optional.ofNullable(byColumn(synced, table).putIfAbsent(column.toLowerCase(Locale.ROOT), where));
    }

    /** The operations {@code marks} records for the table's columns, by column name in lower case. */
    private static Map<String, String> byColumn(Map<String, Map<String, String>> marks, String table) {
        return marks.computeIfAbsent(table.toLowerCase(Locale.ROOT), t -> new HashMap<>());
    }

    /** The earlier operation whose sync triggers read {@code column} of {@code table}, if one does. */
    Optional<String> triggersReading(String table, String column) {
        return Optional.ofNullable(byColumn(readInTriggers, table).get(column.toLowerCase(Locale.ROOT)));
    }

    private Map<String, List<String>> madeIndexes(String table) {
        return madeIndexes.getOrDefault(table.toLowerCase(Locale.ROOT), Map.of());
    }

    /**
     * Records that an operation gives a foreign key the name {@code name}; false when an earlier operation of
     * the migration gives one that name (the second would fail at its expand, after the first ran).
     */
    boolean takeForeignKeyName(String name) {
        return foreignKeyNames.add(name.toLowerCase(Locale.ROOT));
    }

    /** As {@link #takeForeignKeyName}, for a CHECK constraint's name where the schema's CHECKs share one namespace. */
    boolean takeCheckName(String name) {
        return checkNames.add(name.toLowerCase(Locale.ROOT));
    }

    /** How the model reads one thing about a table from the live schema. */
    @FunctionalInterface
    private interface Read<T> {
        T of(String table) throws SQLException;
    }

    /** What {@code cache} holds for the table, read from the live schema the first time only. */
    private static <T> T readOnce(Map<String, T> cache, String table, Read<T> read) throws SQLException {
        T found = cache.get(table);
        if (found == null) {
            found = read.of(table);
            cache.put(table, found);
        }
        return found;
    }

    /**
     * Records that an operation copies {@code index} of {@code table} for its {@code column}, and returns the
     * column an earlier operation of the migration copies it for, if one does.
     */
    Optional<String> copyIndex(String table, String index, String column) {
        Map<String, String> copies = indexCopies.computeIfAbsent(table.toLowerCase(Locale.ROOT), t -> new HashMap<>());
        return Optional.ofNullable(copies.putIfAbsent(index.toLowerCase(Locale.ROOT), column));
    }

    /**
     * Records that an operation gives a new table or view the name {@code table}; false when an earlier
     * operation of the migration gives it already (the second would fail at its expand, after the first ran).
     */
    boolean take(String table) {
        return taken.add(table.toLowerCase(Locale.ROOT));
    }

    /**
     * A table create_table makes, as the server made it of its definitions on a temporary table: its columns,
     * and its indexes (without those a temporary table cannot have: FULLTEXT, SPATIAL, a foreign key's own).
     */
    record Tried(List<ColumnInfo> columns, List<IndexInfo> indexes) {
        Tried {
            columns = List.copyOf(columns);
            indexes = List.copyOf(indexes);
        }
    }

    /** Records a table create_table makes as the server made it on a temporary table. */
    void tried(String table, Tried made) {
        tried.put(table.toLowerCase(Locale.ROOT), made);
    }

    /** A table create_table makes, if its definitions were tried ({@link #tried(String, Tried)}). */
    Optional<Tried> tried(String table) {
        return Optional.ofNullable(tried.get(table.toLowerCase(Locale.ROOT)));
    }

    /**
     * Records that an empty copy of {@code table} took {@code change} ({@code ALTER TABLE} clauses), which an
     * operation's expand makes: the operations after it are tried on a copy that has it too.
     */
    void triedChange(String table, String change) {
        triedChanges.computeIfAbsent(table.toLowerCase(Locale.ROOT), t -> new ArrayList<>()).add(change);
    }

    /** The changes earlier operations make to the table that an empty copy took ({@link #triedChange}), in order. */
    List<String> triedChanges(String table) {
        return List.copyOf(triedChanges.getOrDefault(table.toLowerCase(Locale.ROOT), List.of()));
    }

    /** Records that an operation drops {@code table} at its contract: a foreign key of it stands in the way of no later one. */
    void drop(String table) {
        dropped.add(table.toLowerCase(Locale.ROOT));
    }

    /** Whether an earlier operation of the migration drops the table ({@link #drop}). */
    boolean dropped(String table) {
        return dropped.contains(table.toLowerCase(Locale.ROOT));
    }

    /** Records that an operation creates {@code table}: later ones may reference it (not change it: it is new code's). */
    void create(String table) {
        created.add(table.toLowerCase(Locale.ROOT));
    }

    /** Whether an earlier operation of the migration creates the table ({@link #create}). */
    boolean created(String table) {
        return created.contains(table.toLowerCase(Locale.ROOT));
    }

    /** Records what an operation adds, for the operations after it. */
    void apply(List<Added> changes) {
        changes.forEach(change -> added.computeIfAbsent(change.table().toLowerCase(Locale.ROOT),
                t -> new LinkedHashSet<>()).add(change.column()));
    }
}
