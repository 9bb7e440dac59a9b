package dev.tandem.mysql.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The information_schema and SHOW statements {@link SchemaInspector} runs, and how their rows (read as
 * text) become records: pure functions, so both are tested without a server. Every statement about an
 * application table takes the table's name as its parameters and reads the current schema
 * ({@code DATABASE()}).
 */
final class SchemaQueries {

    /** A row of information_schema.tables: the bytes of the table's data and indexes, as the server estimates them. */
    private static final String DATA_AND_INDEX_BYTES = "COALESCE(data_length, 0) + COALESCE(index_length, 0)";

    /** One row per table of that name: its name and default collation. */
    static final String TABLE = "SELECT table_name, table_collation FROM information_schema.tables"
            + " WHERE table_schema = DATABASE() AND table_name = ?";

    /** One row if the name is a view's, not a table's. */
    static final String VIEW = "SELECT 1 FROM information_schema.views WHERE table_schema = DATABASE() AND table_name = ?";

    /** The server's estimate of the table's rows, from its statistics (0 when it has none); may be far off. */
    static final String ESTIMATED_ROWS = "SELECT COALESCE(MAX(table_rows), 0) FROM information_schema.tables"
            + " WHERE table_schema = DATABASE() AND table_name = ?";

    /**
     * The table's storage engine, its create options, which say whether it is partitioned, the bytes of its
     * data and indexes (the server's estimate), and its type ({@code SYSTEM VERSIONED} on MariaDB for a table
     * that keeps its rows' history).
     */
    static final String STORAGE = "SELECT engine, create_options, " + DATA_AND_INDEX_BYTES + ", table_type FROM information_schema.tables"
            + " WHERE table_schema = DATABASE() AND table_name = ?";

    /**
     * The schema's tables whose names are {@code LIKE} the one parameter (escaped with {@code |}), and the
     * bytes of each one's data and indexes (the server's estimate), by name.
     */
    static final String TABLE_BYTES_LIKE = "SELECT table_name, " + DATA_AND_INDEX_BYTES + " FROM information_schema.tables"
            + " WHERE table_schema = DATABASE() AND table_name LIKE ? ESCAPE '|' ORDER BY table_name";

    /**
     * The most rows and the most bytes of data and indexes among the schema's tables named by the {@code count}
     * parameters, as the server estimates them; 0 and 0 where there is none.
     */
    static String largestOf(int count) {
        return "SELECT COALESCE(MAX(table_rows), 0), COALESCE(MAX(" + DATA_AND_INDEX_BYTES + "), 0) FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_name IN (" + String.join(", ", java.util.Collections.nCopies(count, "?"))
                + ")";
    }

    /** The table's columns in their order; the fields {@link #column} maps. */
    static final String COLUMNS = "SELECT column_name, column_type, character_set_name, collation_name, is_nullable,"
            + " column_default, extra, column_comment, generation_expression FROM information_schema.columns"
            + " WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position";

    /**
     * The table's index parts, by index name and then key order, each with its column's nullability
     * (none for a functional key part, whose column_name is NULL: hence the outer join).
     */
    static final String INDEXES = "SELECT s.index_name, s.non_unique, s.column_name, s.sub_part, c.is_nullable"
            + " FROM information_schema.statistics s LEFT JOIN information_schema.columns c ON c.table_schema ="
            + " s.table_schema AND c.table_name = s.table_name AND c.column_name = s.column_name"
            + " WHERE s.table_schema = DATABASE() AND s.table_name = ? ORDER BY s.index_name, s.seq_in_index";

    /** Each index's name, type and comment (parameter: the table). */
    static final String INDEX_KINDS = "SELECT DISTINCT index_name, index_type, index_comment FROM information_schema.statistics"
            + " WHERE table_schema = DATABASE() AND table_name = ?";

    /**
     * The columns of the foreign keys the table is child or parent in (parameters: the table, twice), a child in
     * another database too, which a swap or a DROP would leave behind as surely: a table of another database
     * named {@code schema.table}.
     */
    static final String FOREIGN_KEYS = "SELECT k.constraint_name, " + qualifiedIfElsewhere("k.table_schema", "k.table_name")
            + ", k.column_name, " + qualifiedIfElsewhere("k.referenced_table_schema", "k.referenced_table_name")
            + ", k.referenced_column_name, CONCAT('ON UPDATE ', rc.update_rule, ' ON DELETE ', rc.delete_rule)"
            + " FROM information_schema.key_column_usage k JOIN information_schema.referential_constraints rc"
            + " ON rc.constraint_schema = k.table_schema AND rc.table_name = k.table_name"
            + " AND rc.constraint_name = k.constraint_name WHERE k.referenced_table_name IS NOT NULL"
            + " AND ((k.table_schema = DATABASE() AND k.table_name = ?) OR (k.referenced_table_schema = DATABASE()"
            + " AND k.referenced_table_name = ?)) ORDER BY 2, k.constraint_name, k.ordinal_position";

    /**
     * The foreign keys of a table (parameters: the table, a column) that change the column by their own actions:
     * their name, update rule and delete rule.
     */
    static final String FOREIGN_KEY_ACTIONS = "SELECT k.constraint_name, rc.update_rule, rc.delete_rule"
            + " FROM information_schema.key_column_usage k JOIN information_schema.referential_constraints rc"
            + " ON rc.constraint_schema = k.constraint_schema AND rc.table_name = k.table_name"
            + " AND rc.constraint_name = k.constraint_name"
            + " WHERE k.table_schema = DATABASE() AND k.table_name = ? AND k.column_name = ?"
            + " AND k.referenced_table_name IS NOT NULL AND (rc.update_rule IN ('CASCADE', 'SET NULL', 'SET DEFAULT')"
            + " OR rc.delete_rule IN ('SET NULL', 'SET DEFAULT')) ORDER BY k.constraint_name";

    /** The table that has a foreign key of the schema with the name (names without case): they share one namespace. */
    static final String TABLE_WITH_FOREIGN_KEY = "SELECT table_name FROM information_schema.referential_constraints"
            + " WHERE constraint_schema = DATABASE() AND LOWER(constraint_name) = LOWER(?) LIMIT 1";

    /** The table that has a CHECK constraint of the schema with the name (names without case). */
    static final String TABLE_WITH_CHECK = "SELECT table_name FROM information_schema.table_constraints"
            + " WHERE constraint_schema = DATABASE() AND constraint_type = 'CHECK' AND LOWER(constraint_name) = LOWER(?) LIMIT 1";

    /** The table's CHECK constraints, name and clause, on MariaDB (whose CHECK names are the table's own). */
    static final String CHECKS_MARIADB = "SELECT constraint_name, check_clause FROM information_schema.check_constraints"
            + " WHERE constraint_schema = DATABASE() AND table_name = ? ORDER BY constraint_name";

    /** The same on MySQL, whose check_constraints does not name the table (its CHECK names are the schema's). */
    static final String CHECKS_MYSQL = "SELECT cc.constraint_name, cc.check_clause FROM information_schema.table_constraints tc"
            + " JOIN information_schema.check_constraints cc ON cc.constraint_schema = tc.constraint_schema"
            + " AND cc.constraint_name = tc.constraint_name WHERE tc.table_schema = DATABASE() AND tc.table_name = ?"
            + " AND tc.constraint_type = 'CHECK' ORDER BY cc.constraint_name";

    /** The expressions a table is partitioned and subpartitioned by (none where it is not partitioned). */
    static final String PARTITION_EXPRESSIONS = "SELECT DISTINCT partition_expression, subpartition_expression"
            + " FROM information_schema.partitions WHERE table_schema = DATABASE() AND table_name = ?"
            + " AND partition_expression IS NOT NULL";

    /** Where {@link #TRIGGERS} and {@link #TRIGGER_DEFINITIONS} read: the table's triggers, in firing order. */
    private static final String TRIGGERS_OF_TABLE = " FROM information_schema.triggers WHERE event_object_schema ="
            + " DATABASE() AND event_object_table = ? ORDER BY event_manipulation, action_timing, action_order";

    /** The table's triggers, in the order they fire per event and timing. */
    static final String TRIGGERS = "SELECT trigger_name, event_manipulation, action_timing, action_order" + TRIGGERS_OF_TABLE;

    /** {@link #TRIGGERS} with what creating each again takes (see {@link TriggerDefinition}). */
    static final String TRIGGER_DEFINITIONS = "SELECT trigger_name, event_manipulation, action_timing, action_order,"
            + " action_statement, sql_mode, collation_connection" + TRIGGERS_OF_TABLE;

    /**
     * MariaDB's JSON columns of a table: MariaDB stores JSON as LONGTEXT with a column check named after
     * the column, {@code json_valid(`column`)}, which is how they are known (MySQL's are of type json).
     */
    static final String MARIADB_JSON_COLUMNS = "SELECT constraint_name FROM information_schema.check_constraints"
            + " WHERE constraint_schema = DATABASE() AND table_name = ? AND level = 'Column'"
            + " AND check_clause = CONCAT('json_valid(`', constraint_name, '`)')";

    /** The character set of a collation (parameter: the collation). */
    static final String CHARACTER_SET_OF = "SELECT character_set_name FROM information_schema.collations"
            + " WHERE collation_name = ?";

    /** Fields of a {@code SHOW FULL COLUMNS} row: Field, Type, Collation, Null, Key, Default, Extra, Privileges, Comment. */
    private static final int SHOWN_NAME = 0;
    private static final int SHOWN_TYPE = 1;
    private static final int SHOWN_COLLATION = 2;
    private static final int SHOWN_NULL = 3;
    private static final int SHOWN_DEFAULT = 5;
    private static final int SHOWN_EXTRA = 6;
    private static final int SHOWN_COMMENT = 8;

    private SchemaQueries() {
    }

    /**
     * MySQL 8.0.29+'s count of instant column changes of {@code table} (bare or {@code schema.table},
     * quoted or not) since its last rebuild; MariaDB has no such table and refuses the query.
     */
    static String rowVersions(String table) {
        String name = table.replace("`", "").replaceAll("\\s", "");
        return "SELECT total_row_versions FROM information_schema.innodb_tables WHERE name = "
                + (name.contains(".") ? Identifiers.literal(name.replace('.', '/'))
                : "CONCAT(DATABASE(), '/', " + Identifiers.literal(name) + ")");
    }

    /**
     * InnoDB's id of a table of this schema, named by the parameter as InnoDB stores it
     * ({@code schema/table}, as written for names of letters, digits and underscores): MariaDB's view is
     * {@code innodb_sys_tables}, MySQL's {@code innodb_tables}, and both need the PROCESS privilege.
     */
    static String innoDbTableId(boolean mariaDb) {
        return "SELECT table_id FROM information_schema." + (mariaDb ? "innodb_sys_tables" : "innodb_tables")
                + " WHERE name = CONCAT(DATABASE(), '/', ?)";
    }

    /** {@code SHOW CREATE TABLE} of a table. */
    static String showCreateTable(String table) {
        return "SHOW CREATE TABLE " + Identifiers.quote(table);
    }

    /** {@code SHOW FULL COLUMNS} of a table information_schema does not list (a temporary one). */
    static String showFullColumns(String table) {
        return "SHOW FULL COLUMNS FROM " + Identifiers.quote(table);
    }

    /** {@code SHOW INDEX} of a table information_schema does not list (a temporary one). */
    static String showIndex(String table) {
        return "SHOW INDEX FROM " + Identifiers.quote(table);
    }

    static TableInfo table(List<String> row) {
        return new TableInfo(row.get(0), row.get(1));
    }

    /** A row of {@link #STORAGE}. */
    static TableStorage storage(List<String> row) {
        String options = row.get(1) == null ? "" : row.get(1).toLowerCase(java.util.Locale.ROOT);
        return new TableStorage(row.get(0), options.contains("partitioned"), Long.parseLong(row.get(2)),
                "SYSTEM VERSIONED".equalsIgnoreCase(row.get(3)));
    }

    /** A row of {@link #COLUMNS}. */
    static ColumnInfo column(List<String> row) {
        return new ColumnInfo(row.get(0), new Columns(row.get(1), row.get(2), row.get(3), "YES".equals(row.get(4)),
                row.get(5), row.get(6), row.get(7)), row.get(8));
    }

    /** A row of {@link #showFullColumns}, with the character set of its collation (null for none). */
    static ColumnInfo shownColumn(List<String> row, String characterSet) {
        return new ColumnInfo(row.get(SHOWN_NAME), new Columns(row.get(SHOWN_TYPE), characterSet, row.get(SHOWN_COLLATION),
                "YES".equals(row.get(SHOWN_NULL)), row.get(SHOWN_DEFAULT), row.get(SHOWN_EXTRA), row.get(SHOWN_COMMENT)),
                null);
    }

    /** The rows of {@link #INDEXES}, grouped into indexes in the order they come. */
    static List<IndexInfo> indexes(List<List<String>> rows) {
        Map<String, List<List<String>>> byName = new LinkedHashMap<>();
        rows.forEach(row -> byName.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(row));
        List<IndexInfo> indexes = new ArrayList<>();
        byName.forEach((name, parts) -> indexes.add(new IndexInfo(name, "0".equals(parts.get(0).get(1)),
                parts.stream().map(p -> new IndexInfo.Part(p.get(2), p.get(3), "YES".equals(p.get(4)))).toList())));
        return indexes;
    }

    /**
     * The indexes of {@code SHOW INDEX} rows (Table, Non_unique, Key_name, Seq_in_index, Column_name, Collation,
     * Cardinality, Sub_part, Packed, Null, ...), as {@link #indexes} reads those of {@link #INDEXES}.
     */
    static List<IndexInfo> shownIndexes(List<List<String>> rows) {
        return indexes(rows.stream().map(r -> Arrays.asList(r.get(2), r.get(1), r.get(4), r.get(7),
                "YES".equals(r.get(9)) ? "YES" : "NO")).toList());
    }

    /** A table's name, with its database's where that is not the connection's. */
    private static String qualifiedIfElsewhere(String schema, String table) {
        return "IF(" + schema + " = DATABASE(), " + table + ", CONCAT(" + schema + ", '.', " + table + "))";
    }

    /** The rows of {@link #FOREIGN_KEYS}, grouped into keys (one per child table and name) in the order they come. */
    static List<ForeignKeyInfo> foreignKeys(List<List<String>> rows) {
        Map<List<String>, List<List<String>>> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.computeIfAbsent(List.of(row.get(1), row.get(0)), k -> new ArrayList<>()).add(row));
        List<ForeignKeyInfo> keys = new ArrayList<>();
        byKey.forEach((key, parts) -> keys.add(new ForeignKeyInfo(key.get(1), key.get(0),
                parts.stream().map(p -> p.get(2)).toList(), parts.get(0).get(3), parts.stream().map(p -> p.get(4)).toList(),
                parts.get(0).get(5))));
        return keys;
    }

    /** A row of {@link #TRIGGERS}. */
    static TriggerInfo trigger(List<String> row) {
        return new TriggerInfo(row.get(0), row.get(1), row.get(2), Integer.parseInt(row.get(3)));
    }

    /** A row of {@link #TRIGGER_DEFINITIONS}. */
    static TriggerDefinition triggerDefinition(List<String> row) {
        return new TriggerDefinition(trigger(row), row.get(4), row.get(5), row.get(6));
    }
}
