package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What stands in the way of copying a table and swapping the copy in ({@link CopyExpand}), each thing said
 * for the reader; none means the table can be copied. Decided by {@link #problems}, a pure function of what
 * {@link SchemaInspector} reads.
 */
final class CopySafety {

    private CopySafety() {
    }

    /**
     * The problems of copying {@code table} as the live schema is, allowing the triggers named
     * {@code ownTriggers} (the backfill's own: its column's sync triggers and the copy's carry triggers).
     */
    static List<String> read(Connection connection, String table, Set<String> ownTriggers) throws SQLException {
        SchemaInspector inspector = new SchemaInspector(connection);
        TableStorage storage = inspector.storage(table).orElse(null);
        if (storage == null) {
            return List.of("there is no table " + table);
        }
        // MariaDB keeps CHECK constraint names per table, and a copy keeps them; MySQL's are the schema's.
        List<String> checks = Jdbc.isMariaDb(connection) ? List.of() : inspector.checkConstraints(table);
        return problems(storage, inspector.indexes(table), inspector.foreignKeys(table), inspector.triggers(table),
                ownTriggers, checks);
    }

    /**
     * @param checksRenamed CHECK constraints a copy would get other names for (MySQL's: it generates the
     *                      names of a {@code CREATE TABLE ... LIKE}'s constraints)
     */
    static List<String> problems(TableStorage storage, List<IndexInfo> indexes, List<ForeignKeyInfo> foreignKeys,
                                 List<TriggerInfo> triggers, Set<String> ownTriggers, List<String> checksRenamed) {
        List<String> problems = new ArrayList<>();
        if (!storage.isInnoDb()) {
            problems.add("it is stored by " + storage.engine() + ", not InnoDB, whose row locks and transactions keep a"
                    + " copy in step with the table");
        }
        if (storage.partitioned()) {
            problems.add("it is partitioned (copies of partitioned tables are not supported yet)");
        }
        if (indexes.stream().noneMatch(IndexInfo::isPrimary)) {
            problems.add("it has no primary key, by which the triggers that carry writes into the copy find rows");
        }
        for (ForeignKeyInfo key : foreignKeys) {
            problems.add("it is in the foreign key " + key.name() + " (" + key.table() + " references " + key.referencedTable()
                    + "), which the swap would leave on the old table");
        }
        Set<String> own = ownTriggers.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> others = triggers.stream().map(TriggerInfo::name).filter(n -> !own.contains(n.toLowerCase(Locale.ROOT)))
                .toList();
        if (!others.isEmpty()) {
            problems.add("it has triggers of its own or of other migrations (" + String.join(", ", others)
                    + "), which the copy would not have");
        }
        if (!checksRenamed.isEmpty()) {
            problems.add("it has CHECK constraints (" + String.join(", ", checksRenamed) + "), which MySQL would give"
                    + " other names in the copy");
        }
        return problems;
    }
}
