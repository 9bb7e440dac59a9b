package dev.tandem.mysql.internal;

import dev.tandem.ComparisonReport.Row;
import dev.tandem.ComparisonReport.RowKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Compares a table without a key to walk by: each server reads the whole table ordered by row hash, and
 * the two streams are merged, one row of each in memory at a time. With no key, a row is known only by
 * its values: a row that changed shows as one missing in the target and one missing in the source.
 */
final class CompareFullScan {

    /**
     * The most rows (by the server's estimate) of a keyless table compared: each server sorts the whole
     * table by row hash, which for a larger table is a long filesort on disk; such a table is left out
     * with a note (give it a primary key to compare it in chunks).
     */
    static final long MAX_ROWS = 1_000_000;
    /** Progress is told, and the throttle asked (the open scans wait meanwhile), every so many source rows. */
    private static final int PROGRESS_EVERY = CompareChunks.CHUNK_ROWS;
    /** Rows Connector/J streams one by one instead of buffering the whole result: its documented marker. */
    private static final int STREAM_ROWS = Integer.MIN_VALUE;

    private final CompareBothSides sides;
    private final List<String> columns;
    private final CompareFindings findings;

    CompareFullScan(CompareBothSides sides, List<String> columns, CompareFindings findings) {
        this.sides = sides;
        this.columns = List.copyOf(columns);
        this.findings = findings;
    }

    void compare(LongConsumer progress) throws SQLException {
        sides.awaitGo();
        CompareBothSides.Answers<PreparedStatement> statements = sides.read(this::prepare);
        try (PreparedStatement sourceStatement = statements.source(); PreparedStatement targetStatement = statements.target()) {
            CompareBothSides.Answers<ResultSet> results = sides.read(side ->
                    (side == sides.source() ? sourceStatement : targetStatement).executeQuery());
            try (ResultSet source = results.source(); ResultSet target = results.target()) {
                merge(source, target, progress);
            }
        }
    }

    private PreparedStatement prepare(CompareSide side) throws SQLException {
        PreparedStatement s = side.connection().prepareStatement(CompareSql.fullScan(side.table(), side.rowHash(), side.shown()),
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        s.setFetchSize(STREAM_ROWS);
        return s;
    }

    private void merge(ResultSet source, ResultSet target, LongConsumer progress) throws SQLException {
        boolean s = source.next();
        boolean t = target.next();
        long sourceRows = 0;
        long targetRows = 0;
        while (s || t) {
            int c = !s ? 1 : !t ? -1 : source.getString(1).compareTo(target.getString(1));
            if (c <= 0) {
                if (c < 0) {
                    findings.add(row(RowKind.MISSING_IN_TARGET, source));
                }
                s = source.next();
                if (++sourceRows % PROGRESS_EVERY == 0) {
                    progress.accept(sourceRows);
                    sides.awaitGo();
                }
            }
            if (c >= 0) {
                if (c > 0) {
                    findings.add(row(RowKind.MISSING_IN_SOURCE, target));
                }
                t = target.next();
                targetRows++;
            }
        }
        findings.rows(sourceRows, targetRows);
        progress.accept(sourceRows);
    }

    /** A row known by its values, which stand for its key. */
    private Row row(RowKind kind, ResultSet rs) throws SQLException {
        List<String> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            values.add(rs.getString(i + 2));
        }
        return new Row(kind, CompareKey.shown(columns, values), List.of());
    }
}
