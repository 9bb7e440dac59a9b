package dev.tandem.mysql.internal;

import dev.tandem.ComparisonReport.Row;
import dev.tandem.ComparisonReport.RowKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What the comparison of one table's rows found so far: complete counts, and the first differing rows up
 * to the request's cap (so a table of any size keeps a bounded list).
 */
final class CompareFindings {

    private final int shownRows;
    private final List<Row> rows = new ArrayList<>();
    private long sourceRows;
    private long targetRows;
    private long missingInTarget;
    private long missingInSource;
    private long changed;
    private long unsettled;

    CompareFindings(int shownRows) {
        this.shownRows = shownRows;
    }

    /** {@code value} as a report shows it: at most {@link CompareSql#SHOWN_CHARS} characters, then an ellipsis. */
    static String shorten(String value) {
        return value == null || value.length() <= CompareSql.SHOWN_CHARS ? value
                : value.substring(0, CompareSql.SHOWN_CHARS) + "…";
    }

    void rows(long source, long target) {
        sourceRows += source;
        targetRows += target;
    }

    /** Whether the next differing row would still be listed (else it is only counted). */
    boolean listsMore() {
        return rows.size() < shownRows;
    }

    /** Counts a differing row, and lists it while there is room. */
    void add(Row row) {
        count(row.kind());
        if (listsMore()) {
            rows.add(row);
        }
    }

    /** Counts a differing row without listing it: one the first pass found and no re-check could hold in memory. */
    void count(RowKind kind) {
        if (kind == RowKind.MISSING_IN_TARGET) {
            missingInTarget++;
        } else if (kind == RowKind.MISSING_IN_SOURCE) {
            missingInSource++;
        } else {
            changed++;
        }
    }

    /** Counts rows that differed in every look, written all the while: shown neither equal nor different. */
    void unsettled(long rows) {
        unsettled += rows;
    }

    long unsettled() {
        return unsettled;
    }

    long sourceRows() {
        return sourceRows;
    }

    long targetRows() {
        return targetRows;
    }

    long missingInTarget() {
        return missingInTarget;
    }

    long missingInSource() {
        return missingInSource;
    }

    long changed() {
        return changed;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }
}
