package dev.tandem.mysql.internal;

import dev.tandem.ComparisonReport.Column;
import dev.tandem.ComparisonReport.Row;
import dev.tandem.ComparisonReport.RowKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Compares a keyed table's rows chunk by chunk: checksums each chunk on both servers at once and narrows
 * a chunk whose checksums differ to its rows (keys and row hashes of both sides, merged). A table with an
 * integer key is walked in spans of key values sized by time ({@link CompareSpans}); any other in chunks of
 * about {@link #CHUNK_ROWS} source rows along the union of both sides' key ranges (the source's first, then
 * whatever the target holds beyond it), their bounds read. The differing rows are suspects until
 * {@link CompareRecheck} has looked again; those that persist are {@linkplain #report reported}, each
 * changed row the report lists narrowed to its columns. Memory holds at most {@link #CHUNK_ROWS} keys per
 * side when a chunk is narrowed, whatever the table's size (plus, where the target has many keys the
 * source lacks between two of the source's, those keys), and at most {@link CompareRecheck#MAX_KEYS} suspects.
 */
final class CompareChunks {

    /**
     * The source rows per chunk: large enough that a chunk's round trips cost little against its rows,
     * small enough that narrowing a differing chunk holds few keys in memory.
     */
    static final int CHUNK_ROWS = 10_000;

    private final CompareBothSides sides;
    private final BackfillKey key;
    private final List<String> columns;
    private final CompareFindings findings;
    private final Comparator<List<String>> order;
    private final List<CompareMerge.Difference> suspects = new ArrayList<>();
    private long unchecked;

    /** {@code columns} are the compared columns' names, in the order of the sides' expressions. */
    CompareChunks(CompareBothSides sides, BackfillKey key, List<String> columns, CompareFindings findings) {
        this.sides = sides;
        this.key = key;
        this.columns = List.copyOf(columns);
        this.findings = findings;
        this.order = CompareKey.order(key);
    }

    /**
     * Compares every chunk once the throttle lets it, telling {@code progress} the source rows done after
     * each; the differing rows become {@link #suspects}. {@code estimatedRows} is the source's estimate.
     */
    void compare(LongConsumer progress, long estimatedRows) throws SQLException {
        if (key.integer()) {
            new CompareSpans(sides, this, estimatedRows).compare(() -> progress.accept(findings.sourceRows()));
            return;
        }
        List<String> lower = null;
        for (List<String> upper = upper(null); upper != null; upper = upper(lower)) {
            sides.awaitGoAtIntervals();
            CompareBothSides.Answers<List<String>> sums = checksums(lower, upper);
            count(sums);
            if (differ(sums)) {
                narrow(lower, upper);
            }
            progress.accept(findings.sourceRows());
            lower = upper;
        }
    }

    /**
     * The next chunk's upper bound after {@code lower}: the source's key {@link #CHUNK_ROWS} rows on, or
     * its last; past the source's keys, the same along the target's; null when neither side has more.
     */
    private List<String> upper(List<String> lower) throws SQLException {
        for (CompareSide side : List.of(sides.source(), sides.target())) {
            List<String> found = firstRow(side, CompareSql.keyAfter(side.table(), key, lower != null), lower, CHUNK_ROWS - 1);
            if (found == null) {
                found = firstRow(side, CompareSql.lastKey(side.table(), key, lower != null), lower, -1);
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Both sides' row count and checksum of the keys after {@code lower} (from the first when null) up to {@code upper} (to the last when null). */
    CompareBothSides.Answers<List<String>> checksums(List<String> lower, List<String> upper) throws SQLException {
        return sides.read(side -> firstRow(side, CompareSql.checksum(side.table(), key, lower != null, upper != null,
                side.rowBytes()), lower, upper));
    }

    /** Counts a chunk's rows on both sides into the findings: once per chunk of the walk. */
    void count(CompareBothSides.Answers<List<String>> sums) {
        findings.rows(rows(sums.source()), rows(sums.target()));
    }

    static boolean differ(CompareBothSides.Answers<List<String>> sums) {
        return !sums.source().equals(sums.target());
    }

    /** The row count of one side's {@link #checksums}. */
    static long rows(List<String> sum) {
        return Long.parseLong(sum.get(0));
    }

    /** Narrows a differing range to its rows, which become suspects: at most {@link #CHUNK_ROWS} a side, or as many as it holds. */
    void narrow(List<String> lower, List<String> upper) throws SQLException {
        CompareBothSides.Answers<List<CompareMerge.KeyedHash>> hashes = sides.read(side -> rowHashes(side, lower, upper));
        for (CompareMerge.Difference d : CompareMerge.differences(hashes.source(), hashes.target(), order)) {
            if (suspects.size() < CompareRecheck.MAX_KEYS) {
                suspects.add(d);
            } else {
                findings.count(d.kind());
                unchecked++;
            }
        }
    }

    BackfillKey key() {
        return key;
    }

    /** The differing rows of the walk, in key order, to re-check: at most {@link CompareRecheck#MAX_KEYS}. */
    List<CompareMerge.Difference> suspects() {
        return List.copyOf(suspects);
    }

    /** Differing rows beyond {@link CompareRecheck#MAX_KEYS}: counted as the walk found them, never re-checked. */
    long unchecked() {
        return unchecked;
    }

    /** Counts and lists the differences that persisted, each changed row listed with its differing columns. */
    void report(List<CompareMerge.Difference> persisting) throws SQLException {
        for (CompareMerge.Difference d : persisting) {
            List<Column> differing = d.kind() == RowKind.CHANGED && findings.listsMore() ? differingColumns(d.key()) : List.of();
            findings.add(new Row(d.kind(), CompareKey.shown(key, named(d)), differing));
        }
    }

    /**
     * The key of a differing row as people read it: an ENUM's or a SET's name, not the number it travels as
     * ({@link BackfillKey#ordinal}), read on the side that holds the row (as it travels if neither does now).
     */
    private List<String> named(CompareMerge.Difference d) throws SQLException {
        if (key.ordinal().isEmpty()) {
            return d.key();
        }
        CompareSide side = d.kind() == RowKind.MISSING_IN_SOURCE ? sides.target() : sides.source();
        List<String> named = firstRow(side, CompareSql.row(side.table(), key, key.readable()), d.key(), null);
        return named == null ? d.key() : named;
    }

    /** The chunk's keys and row hashes, sorted by {@link CompareKey#order}. */
    private List<CompareMerge.KeyedHash> rowHashes(CompareSide side, List<String> lower, List<String> upper)
            throws SQLException {
        List<CompareMerge.KeyedHash> rows;
        try (PreparedStatement s = side.connection().prepareStatement(
                CompareSql.rowHashes(side.table(), key, lower != null, upper != null, side.rowHash()))) {
            key.bind(s, key.bind(s, 1, lower), upper);
            rows = keyedHashes(s, key.columns().size());
        }
        rows.sort(Comparator.comparing(CompareMerge.KeyedHash::key, order));
        return rows;
    }

    /** The rows of a query that selects a key of {@code width} columns, then a row hash, as the server returns them. */
    static List<CompareMerge.KeyedHash> keyedHashes(PreparedStatement s, int width) throws SQLException {
        List<CompareMerge.KeyedHash> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                List<String> values = new ArrayList<>(width);
                for (int i = 1; i <= width; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(new CompareMerge.KeyedHash(values, rs.getString(width + 1)));
            }
        }
        return rows;
    }

    /** The columns whose values' hashes differ in the row of {@code keyValues}, with both shown values. */
    private List<Column> differingColumns(List<String> keyValues) throws SQLException {
        CompareBothSides.Answers<List<String>> cells = sides.read(side ->
                firstRow(side, CompareSql.row(side.table(), key, side.cells()), keyValues, null));
        List<Column> differing = new ArrayList<>();
        if (cells.source() == null || cells.target() == null) {
            return differing; // deleted since its hash was read: counted, without columns
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!cells.source().get(2 * i).equals(cells.target().get(2 * i))) {
                differing.add(new Column(columns.get(i), CompareFindings.shorten(cells.source().get(2 * i + 1)),
                        CompareFindings.shorten(cells.target().get(2 * i + 1))));
            }
        }
        return differing;
    }

    /** The first row of {@code sql} bound with two key tuples (either may be null), as text; null when none. */
    private List<String> firstRow(CompareSide side, String sql, List<String> first, List<String> second) throws SQLException {
        return firstRow(side, sql, first, second, -1);
    }

    /** The first row of {@code sql} bound with a key tuple and, unless negative, a row count; null when none. */
    private List<String> firstRow(CompareSide side, String sql, List<String> first, int count) throws SQLException {
        return firstRow(side, sql, first, null, count);
    }

    private List<String> firstRow(CompareSide side, String sql, List<String> first, List<String> second, int count)
            throws SQLException {
        try (PreparedStatement s = side.connection().prepareStatement(sql)) {
            int next = key.bind(s, key.bind(s, 1, first), second);
            if (count >= 0) {
                s.setInt(next, count);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                return row;
            }
        }
    }
}
