package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.util.List;

/**
 * One side of a table's comparison: its connection, its quoted table, and per compared column the
 * expression hashed and the one shown (in the same order on both sides).
 */
record CompareSide(Connection connection, String table, List<String> compared, List<String> shown) {

    CompareSide {
        compared = List.copyOf(compared);
        shown = List.copyOf(shown);
    }

    String rowHash() {
        return CompareSql.rowHash(compared);
    }

    List<String> cells() {
        return CompareSql.cells(compared, shown);
    }
}
