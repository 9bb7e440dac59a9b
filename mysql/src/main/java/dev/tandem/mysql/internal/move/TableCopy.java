package dev.tandem.mysql.internal.move;

import dev.tandem.mysql.internal.BackfillKey;
import dev.tandem.mysql.internal.Identifiers;
import dev.tandem.mysql.internal.Jdbc;
import dev.tandem.mysql.internal.TableStatistics;
import dev.tandem.spi.Throttle;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Copies one table's rows from a source connection (in the copy's snapshot) to a target connection, in
 * chunks: along the primary key (else a unique key over NOT NULL columns) by keyset ({@code WHERE (key) >
 * (last key) ORDER BY key LIMIT n}), or, for a table with neither, by one streamed scan. Each chunk is one
 * multi-row INSERT (split at {@code maxStatementBytes}) and its checkpoint, committed together on the
 * target; the throttle is asked before each chunk, and a chunk whose rows were large makes the next one
 * smaller, so memory stays near {@code maxStatementBytes}.
 *
 * <p>Values travel exactly: text columns as text (the driver's utf8mb4 holds every character set's
 * characters, and the target converts them back to the column's), binary strings, BIT and spatial values as
 * their bytes, and numbers, dates and times as the text the server sent, so no value passes through a Java
 * type that could round or shift it. (Bytes are not used for numbers: Connector/J may send bytes as a hex
 * literal, which MySQL reads as a number in a numeric context: {@code X'313233'} is 3224115, not 123.) Key values are bound as numbers for numeric keys
 * (a number compared with a string is compared as a double) and as text for text keys (so the column's
 * collation orders them, as in ORDER BY); an ENUM or SET key column's as its number, by which the key
 * orders it. Generated columns are left to the target to compute.
 */
final class TableCopy {

    private static final Set<String> TEXT_TYPES = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext",
            "enum", "set", "json");
    /** Types whose values are bytes: bound as bytes (Connector/J may send them as a hex literal, a number elsewhere). */
    private static final Set<String> BINARY_TYPES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
            "bit", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
            "geometrycollection", "geomcollection");
    private static final Set<String> NUMERIC_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "decimal", "numeric");

    /** A column: its name, its data type, and whether the copy writes it (generated columns are not written). */
    private record Column(String name, String type, boolean written) {
        boolean text() {
            return TEXT_TYPES.contains(type);
        }

        boolean binary() {
            return BINARY_TYPES.contains(type);
        }
    }

    private final Connection source;
    private final Connection target;
    private final String table;
    private final int chunkRows;
    private final long maxStatementBytes;
    private final Throttle throttle;
    private final CopyListener listener;

    TableCopy(Connection source, Connection target, String table, int chunkRows, long maxStatementBytes, Throttle throttle,
              CopyListener listener) {
        this.source = source;
        this.target = target;
        this.table = table;
        this.chunkRows = chunkRows;
        this.maxStatementBytes = maxStatementBytes;
        this.throttle = throttle;
        this.listener = listener;
    }

    /** The key the copy walks, or null when the table has none (then it is scanned whole). */
    static BackfillKey keyOf(Connection source, String table) {
        try {
            return BackfillKey.of(source, table, "move copy");
        } catch (SQLException noKey) {
            return null;
        }
    }

    /** Copies the table; returns its rows. */
    long run() throws SQLException, InterruptedException {
        List<Column> columns = columns();
        long estimate = TableStatistics.number(source, "SELECT COALESCE(MAX(table_rows), 0) FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_name = ?", table);
        BackfillKey key = keyOf(source, table);
        return key == null ? scan(columns, estimate) : walk(columns, key, estimate);
    }

    private List<Column> columns() throws SQLException {
        return Jdbc.rows(source, "SELECT column_name, LOWER(data_type), COALESCE(generation_expression, '')"
                + " FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?"
                + " ORDER BY ordinal_position", table).stream()
                .map(r -> new Column(r.get(0), r.get(1), r.get(2).isEmpty())).toList();
    }

    private long walk(List<Column> columns, BackfillKey key, long estimate) throws SQLException, InterruptedException {
        List<Column> keyColumns = key.columns().stream()
                .map(k -> columns.stream().filter(c -> c.name().equalsIgnoreCase(k)).findFirst().orElseThrow()).toList();
        // An ENUM or SET key column is compared by its number, as the key orders it (BackfillKey#ordinal):
        // each row's number is read after its columns, and the cursor holds it.
        List<String> ordinals = key.columns().stream().filter(key::isOrdinal).toList();
        String select = "SELECT " + list(columns) + ordinals.stream().map(k -> ", " + BackfillKey.ordinalNumber(k))
                .collect(Collectors.joining()) + " FROM " + Identifiers.quote(table);
        int[] cursorAt = cursorPositions(key, columns, keyColumns);
        List<Object> cursor = null;
        long rows = 0;
        int limit = chunkRows;
        while (true) {
            awaitGo();
            // The cursor holds the values as read (bytes as bytes), bound as they are: plain parameters.
            String sql = select + (cursor == null ? "" : " WHERE " + key.tuple() + " > ("
                    + String.join(", ", Collections.nCopies(keyColumns.size(), "?")) + ")")
                    + " ORDER BY " + key.list() + " LIMIT ?";
            List<Object[]> chunk = new ArrayList<>();
            long bytes;
            try (PreparedStatement s = source.prepareStatement(sql)) {
                int i = 1;
                if (cursor != null) {
                    for (int k = 0; k < keyColumns.size(); k++) {
                        bindKey(s, i++, keyColumns.get(k), key.isOrdinal(keyColumns.get(k).name()), cursor.get(k));
                    }
                }
                s.setInt(i, limit);
                try (ResultSet rs = s.executeQuery()) {
                    bytes = read(rs, columns, ordinals.size(), chunk, Integer.MAX_VALUE);
                }
            }
            boolean last = chunk.size() < limit;
            if (!chunk.isEmpty()) {
                Object[] lastRow = chunk.get(chunk.size() - 1);
                cursor = Arrays.stream(cursorAt).mapToObj(at -> lastRow[at]).toList();
            }
            rows += chunk.size();
            write(columns, chunk, rows, cursor, last);
            listener.progress(table, rows, estimate);
            if (last) {
                return rows;
            }
            limit = bytes > maxStatementBytes ? (int) Math.max(1, limit * maxStatementBytes / bytes) : Math.min(chunkRows, limit * 2);
        }
    }

    /**
     * Where each key column's cursor value lies in a row {@link #walk} reads: its column's value, or for an
     * ENUM or SET key column its number, read after the columns in the key's order.
     */
    private static int[] cursorPositions(BackfillKey key, List<Column> columns, List<Column> keyColumns) {
        int[] at = new int[keyColumns.size()];
        int ordinal = 0;
        for (int k = 0; k < at.length; k++) {
            at[k] = key.isOrdinal(keyColumns.get(k).name()) ? columns.size() + ordinal++ : columns.indexOf(keyColumns.get(k));
        }
        return at;
    }

    private long scan(List<Column> columns, long estimate) throws SQLException, InterruptedException {
        long rows = 0;
        try (PreparedStatement s = source.prepareStatement("SELECT " + list(columns) + " FROM " + Identifiers.quote(table),
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE); // Connector/J streams the rows instead of holding them all
            try (ResultSet rs = s.executeQuery()) {
                while (true) {
                    awaitGo();
                    List<Object[]> chunk = new ArrayList<>();
                    read(rs, columns, 0, chunk, chunkRows);
                    boolean last = chunk.size() < chunkRows;
                    rows += chunk.size();
                    write(columns, chunk, rows, null, last);
                    listener.progress(table, rows, estimate);
                    if (last) {
                        return rows;
                    }
                }
            }
        }
    }

    private void awaitGo() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("the copy of " + table + " was interrupted");
        }
        throttle.awaitGo("move copy of " + table);
    }

    /**
     * Reads at most {@code max} rows into {@code into} (text as String, the rest as bytes), each followed by
     * {@code numbers} more values read as numbers' text; returns their size in bytes.
     */
    private static long read(ResultSet rs, List<Column> columns, int numbers, List<Object[]> into, int max) throws SQLException {
        long bytes = 0;
        while (into.size() < max && rs.next()) {
            Object[] row = new Object[columns.size() + numbers];
            for (int i = 0; i < row.length; i++) {
                Column column = i < columns.size() ? columns.get(i) : null;
                if (column != null && column.binary()) {
                    row[i] = rs.getBytes(i + 1);
                } else if (column != null && column.text()) {
                    row[i] = rs.getString(i + 1);
                } else {
                    byte[] raw = rs.getBytes(i + 1); // the server's own text of the number or date: ASCII
                    row[i] = raw == null ? null : new String(raw, StandardCharsets.US_ASCII);
                }
                bytes += row[i] instanceof String text ? text.length() * 2L : row[i] instanceof byte[] raw ? raw.length : 4;
            }
            into.add(row);
        }
        return bytes;
    }

    /** Inserts the chunk's rows and its checkpoint on the target, in one transaction. */
    private void write(List<Column> columns, List<Object[]> chunk, long rows, List<Object> cursor, boolean last)
            throws SQLException {
        List<Column> written = columns.stream().filter(Column::written).toList();
        int from = 0;
        while (from < chunk.size()) {
            int to = from;
            long bytes = 0;
            while (to < chunk.size() && (to == from || bytes < maxStatementBytes)) {
                bytes += size(chunk.get(to++));
            }
            insert(columns, written, chunk.subList(from, to));
            from = to;
        }
        CopyCheckpoints.progress(target, table, rows, cursor == null ? null : BackfillKey.encode(
                cursor.stream().map(TableCopy::shown).toList()), last);
        target.commit();
    }

    private void insert(List<Column> columns, List<Column> written, List<Object[]> rows) throws SQLException {
        String row = "(" + String.join(", ", written.stream().map(c -> "?").toList()) + ")";
        String sql = "INSERT INTO " + Identifiers.quote(table) + " (" + list(written) + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(rows.size(), row));
        try (PreparedStatement s = target.prepareStatement(sql)) {
            int p = 1;
            for (Object[] values : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).written()) {
                        bindValue(s, p++, values[i]);
                    }
                }
            }
            s.executeUpdate();
        }
    }

    private static void bindValue(PreparedStatement s, int i, Object value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.NULL);
        } else if (value instanceof String text) {
            s.setString(i, text);
        } else {
            s.setBytes(i, (byte[]) value);
        }
    }

    private static void bindKey(PreparedStatement s, int i, Column column, boolean ordinal, Object value) throws SQLException {
        if (ordinal || NUMERIC_TYPES.contains(column.type())) {
            s.setBigDecimal(i, new BigDecimal((String) value));
        } else {
            bindValue(s, i, value);
        }
    }

    private static long size(Object[] row) {
        long bytes = 0;
        for (Object value : row) {
            bytes += value instanceof String text ? text.length() * 2L : value instanceof byte[] raw ? raw.length * 2L : 4;
        }
        return bytes;
    }

    /** A key value as the checkpoint shows it: text as is, bytes in hex. */
    private static String shown(Object value) {
        return value instanceof String text ? text : value == null ? "" : HexFormat.of().formatHex((byte[]) value);
    }

    private static String list(List<Column> columns) {
        return String.join(", ", columns.stream().map(c -> Identifiers.quote(c.name())).toList());
    }
}
