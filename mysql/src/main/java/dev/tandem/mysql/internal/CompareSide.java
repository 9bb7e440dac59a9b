package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.util.List;

/**
 * One side of a table's comparison: its connection, its quoted table, per compared column the expression
 * hashed and the one shown (in the same order on both sides), and its rows' {@linkplain CompareRowBytes bytes}.
 */
record CompareSide(Connection connection, String table, List<String> compared, List<String> shown, String rowBytes) {

    CompareSide {
        compared = List.copyOf(compared);
        shown = List.copyOf(shown);
    }

    String rowHash() {
        return CompareSql.rowHash(rowBytes);
    }

    List<String> cells() {
        return CompareSql.cells(compared, shown);
    }
}
