package dev.tandem.mysql.internal;

import java.util.List;

/**
 * A foreign key as {@code information_schema.key_column_usage} describes it.
 *
 * @param name              the constraint's name
 * @param table             the referencing (child) table
 * @param columns           its referencing columns, in key order
 * @param referencedTable   the referenced (parent) table
 * @param referencedColumns the referenced columns, in key order
 * @param actions           what it does when a parent row changes: {@code ON UPDATE CASCADE ON DELETE RESTRICT}
 */
record ForeignKeyInfo(String name, String table, List<String> columns, String referencedTable,
                      List<String> referencedColumns, String actions) {

    ForeignKeyInfo {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }

    /** Whether {@code table.column} is in the key, as child or as parent. */
    boolean involves(String table, String column) {
        return (this.table.equalsIgnoreCase(table) && contains(columns, column))
                || (referencedTable.equalsIgnoreCase(table) && contains(referencedColumns, column));
    }

    private static boolean contains(List<String> names, String name) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }
}
