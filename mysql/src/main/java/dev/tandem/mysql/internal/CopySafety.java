package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What stands in the way of copying a table and swapping the copy in ({@link CopyExpand}), each thing said
 * for the reader; none means the table can be copied. Decided by {@link #problems}, a pure function of what
 * {@link SchemaInspector} reads.
 */
final class CopySafety {

    /** The line of table options after the columns, {@code ) ENGINE=...}. */
    private static final Pattern TABLE_OPTIONS = Pattern.compile("^\\) .*$", Pattern.MULTILINE);
    /** A table option that places its files: {@code DATA DIRECTORY='...'} or {@code INDEX DIRECTORY='...'}. */
    private static final Pattern DIRECTORY_OPTION = Pattern.compile("\\b(?:DATA|INDEX) DIRECTORY\\s*=\\s*'(?:[^'\\\\]|\\\\.|'')*'",
            Pattern.CASE_INSENSITIVE);

    private CopySafety() {
    }

    /**
     * The problems of copying {@code table} as the live schema is. Sync triggers are carried to the copy
     * ({@link CopyTriggers}), and so are allowed, as are the triggers named {@code carryTriggers} (the copy's
     * own); those of other columns than {@code ownSync} (the backfill's column's pair) must also give a
     * carried row the values it holds ({@link SyncTrigger#recomputesTheSame}; {@code sessionTag} is the
     * backfill's migration's).
     */
    static List<String> read(Connection connection, String table, Set<String> carryTriggers, Set<String> ownSync,
                             String sessionTag) throws SQLException {
        SchemaInspector inspector = new SchemaInspector(connection);
        TableStorage storage = inspector.storage(table).orElse(null);
        if (storage == null) {
            return List.of("there is no table " + table);
        }
        // MariaDB keeps CHECK constraint names per table, and a copy keeps them; MySQL's are the schema's.
        List<String> checks = Jdbc.isMariaDb(connection) ? List.of() : inspector.checkConstraints(table);
        return problems(storage, directoryOptions(inspector.createStatement(table)), inspector.indexes(table),
                inspector.foreignKeys(table), inspector.triggerDefinitions(table), carryTriggers, ownSync, sessionTag, checks);
    }

    /**
     * The {@code DATA DIRECTORY} and {@code INDEX DIRECTORY} options in a table's {@code SHOW CREATE TABLE}
     * statement, as written there; none for a table in the server's data directory.
     */
    static List<String> directoryOptions(String createTable) {
        List<String> options = new ArrayList<>();
        Matcher line = TABLE_OPTIONS.matcher(createTable);
        if (!line.find()) {
            return options;
        }
        Matcher m = DIRECTORY_OPTION.matcher(line.group());
        while (m.find()) {
            options.add(m.group());
        }
        return options;
    }

    /**
     * @param directories   the table's {@link #directoryOptions}
     * @param checksRenamed CHECK constraints a copy would get other names for (MySQL's: it generates the
     *                      names of a {@code CREATE TABLE ... LIKE}'s constraints)
     */
    static List<String> problems(TableStorage storage, List<String> directories, List<IndexInfo> indexes,
                                 List<ForeignKeyInfo> foreignKeys, List<TriggerDefinition> triggers, Set<String> carryTriggers,
                                 Set<String> ownSync, String sessionTag, List<String> checksRenamed) {
        List<String> problems = new ArrayList<>();
        if (!storage.isInnoDb()) {
            problems.add("it is stored by " + storage.engine() + ", not InnoDB, whose row locks and transactions keep a"
                    + " copy in step with the table");
        }
        if (storage.partitioned()) {
            problems.add("it is partitioned (copies of partitioned tables are not supported yet)");
        }
        if (storage.versioned()) {
            problems.add("it is system-versioned: a copy would hold its current rows only, and the history of its rows"
                    + " would stay with the old table, which the contract drops");
        }
        if (!directories.isEmpty()) {
            problems.add("its files lie outside the server's data directory (" + String.join(", ", directories) + "), which"
                    + " a copy (CREATE TABLE ... LIKE) does not keep: the table would move to the data directory's disk");
        }
        if (indexes.stream().noneMatch(IndexInfo::isPrimary)) {
            problems.add("it has no primary key, by which the triggers that carry writes into the copy find rows");
        }
        for (ForeignKeyInfo key : foreignKeys) {
            problems.add("it is in the foreign key " + key.name() + " (" + key.table() + " references " + key.referencedTable()
                    + "), which the swap would leave on the old table");
        }
        Set<String> carry = lowerCase(carryTriggers);
        Set<String> own = lowerCase(ownSync);
        List<String> applications = triggers.stream().filter(t -> !SyncTrigger.isSyncTrigger(t))
                .map(TriggerDefinition::name).filter(n -> !carry.contains(n.toLowerCase(Locale.ROOT))).toList();
        if (!applications.isEmpty()) {
            problems.add("it has triggers of its own (" + String.join(", ", applications) + "), which the copy would not have");
        }
        List<String> recomputing = triggers.stream().filter(SyncTrigger::isSyncTrigger)
                .filter(t -> !own.contains(t.name().toLowerCase(Locale.ROOT)) && !SyncTrigger.recomputesTheSame(t.statement(), sessionTag))
                .map(TriggerDefinition::name).toList();
        if (!recomputing.isEmpty()) {
            problems.add("the sync triggers " + String.join(", ", recomputing) + " of other columns sync both ways, keep"
                    + " values new code wrote (an earlier migration's add_column with up, until its contract) or compute values"
                    + " that may differ each time, and on the copy they would compute them again for the rows carried in"
                    + " before the swap");
        }
        if (!checksRenamed.isEmpty()) {
            problems.add("it has CHECK constraints (" + String.join(", ", checksRenamed) + "), which MySQL would give"
                    + " other names in the copy");
        }
        return problems;
    }

    /**
     * What a unique index over {@code column}, which a copy computes, stands in the way of, naming it; empty where
     * none covers it. A chunk's {@code INSERT ... ON DUPLICATE KEY UPDATE}, there for the rows the triggers carried in
     * first, skipped a row whose new value clashed with another's (two emails equal but for case, under a
     * case-insensitive collation), and the verification's {@code REPLACE} then deleted the other: a row lost at
     * the swap. In place, such a clash fails the backfill's UPDATE instead. Over the column means over it or over
     * a generated column of {@code columns} computed from it, or by an expression part (MySQL's functional index,
     * whose expression is not read here: it may read the column).
     */
    static Optional<String> uniqueOver(String column, List<ColumnInfo> columns, List<IndexInfo> indexes) {
        Set<String> computed = computedFrom(column, columns);
        return indexes.stream().filter(i -> i.unique() && !i.isPrimary()).filter(i -> i.columns().size() < i.parts().size()
                        || computed.stream().anyMatch(i::covers)).findFirst()
                .map(i -> "the unique index " + i.name() + " is over " + column + (i.columns().size() < i.parts().size()
                        ? " or may be (an expression part)" : computed.size() > 1 ? " or a generated column computed from it" : "")
                        + ", whose values the copy computes: a row whose new value clashed with another's would be skipped,"
                        + " not refused as an update in place is");
    }

    /** {@code column} and the generated columns of {@code columns} computed from it, or from one of those, lower case. */
    private static Set<String> computedFrom(String column, List<ColumnInfo> columns) {
        Set<String> computed = new HashSet<>(Set.of(column.toLowerCase(Locale.ROOT)));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ColumnInfo c : columns) {
                if (c.isGenerated() && !computed.contains(c.name().toLowerCase(Locale.ROOT)) && computed.stream().anyMatch(
                        name -> !Expressions.columnsNamed(c.generationExpression(), Map.of(name, "")).isEmpty())) {
                    grew = computed.add(c.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        return computed;
    }

    /**
     * What the primary key's columns stand in the way of, naming them; empty where nothing does. The copy reads
     * the table by its primary key ({@code FORCE INDEX (PRIMARY)}) and names the key's first column in its
     * writes' {@code ON DUPLICATE KEY UPDATE}: a key that holds a FLOAT or DOUBLE column is walked by another key
     * ({@link BackfillKey#INEXACT_TYPES}), so each chunk would scan, and lock, the whole table; and MySQL refuses
     * to assign a generated column (error 3105), which failed every chunk, and every DELETE of the application's
     * once the copy's triggers were there.
     */
    static Optional<String> primaryKeyProblem(List<ColumnInfo> columns, List<IndexInfo> indexes) {
        List<String> key = indexes.stream().filter(IndexInfo::isPrimary).findFirst().map(IndexInfo::columns).orElse(List.of());
        List<ColumnInfo> keyColumns = columns.stream().filter(c -> key.stream().anyMatch(c::isNamed)).toList();
        List<String> generated = keyColumns.stream().filter(ColumnInfo::isGenerated).map(ColumnInfo::name).toList();
        if (!generated.isEmpty()) {
            return Optional.of("its primary key holds the generated column(s) " + String.join(", ", generated) + ", which the"
                    + " copy's writes cannot assign");
        }
        List<String> inexact = keyColumns.stream().filter(c -> BackfillKey.INEXACT_TYPES.contains(c.dataType()))
                .map(ColumnInfo::name).toList();
        return inexact.isEmpty() ? Optional.empty() : Optional.of("its primary key holds the FLOAT or DOUBLE column(s) "
                + String.join(", ", inexact) + ", by which no copy is walked, and a walk by another key would read the"
                + " whole table for each chunk");
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
