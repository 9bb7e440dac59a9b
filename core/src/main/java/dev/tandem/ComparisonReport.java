package dev.tandem;

import java.util.List;

/**
 * What {@link DatabaseComparison#run()} found: per table, the schema differences and the rows that differ,
 * and what was compared (the statement of consistency, the options for lossy moves).
 *
 * @param consistency how the two sides relate in time and how differing rows were re-checked before they
 *                    were reported, e.g. "independent servers (or schemas): compared as of now; differences
 *                    re-checked once; rows written during the comparison may still show", or, when the target
 *                    replicates from the source, that they were re-checked after it caught up
 * @param compared    what was compared and how, one sentence each (ignored columns, charset
 *                    conversion, mapped tables), so the reader of a report knows what "equal" means
 * @param tables      one entry per compared table, in the order compared
 */
public record ComparisonReport(String consistency, List<String> compared, List<Table> tables) {

    public ComparisonReport {
        compared = List.copyOf(compared);
        tables = List.copyOf(tables);
    }

    /** Whether no table shows a difference of schema or data, nor rows that could not be settled. */
    public boolean identical() {
        return tables.stream().allMatch(Table::identical);
    }

    /** How a table's rows were walked. */
    public enum Method {
        /** Keyset chunks over the primary key or a unique NOT NULL key, checksummed on each side. */
        KEYED_CHUNKS,
        /** One ordered scan of each side: the table has no key to chunk by. */
        FULL_SCAN,
        /** Not compared: named in {@link Table#notes()} (on one side only, or too big without a key). */
        NOT_COMPARED
    }

    /**
     * One table of the comparison.
     *
     * @param source            its name in the source
     * @param target            its name in the target ({@code --map} may name another)
     * @param schemaDifferences each difference of columns, types, nullability, defaults, charsets,
     *                          collations, indexes or triggers, one sentence each
     * @param missingInTarget   rows whose key the source has and the target lacks
     * @param missingInSource   rows whose key the target has and the source lacks
     * @param changed           rows present on both sides whose values differ
     * @param differences       the first differing rows (at most the configured cap), with their columns
     * @param notes             what the reader must know about this table (a warning, why it was not compared)
     * @param unsettled         rows that differed in every look because they were written all the while: neither
     *                          shown equal nor shown different (the table's notes say how to settle them)
     */
    public record Table(String source, String target, Method method, long sourceRows, long targetRows,
                        List<String> schemaDifferences, long missingInTarget, long missingInSource, long changed,
                        List<Row> differences, List<String> notes, long unsettled) {

        public Table {
            schemaDifferences = List.copyOf(schemaDifferences);
            differences = List.copyOf(differences);
            notes = List.copyOf(notes);
        }

        /** A table with no unsettled rows: the form before {@code unsettled} was added. */
        public Table(String source, String target, Method method, long sourceRows, long targetRows,
                     List<String> schemaDifferences, long missingInTarget, long missingInSource, long changed,
                     List<Row> differences, List<String> notes) {
            this(source, target, method, sourceRows, targetRows, schemaDifferences, missingInTarget, missingInSource,
                    changed, differences, notes, 0);
        }

        /**
         * Whether the schema and every row were shown the same on both sides (the table was compared, and no
         * row was left unsettled).
         */
        public boolean identical() {
            return method != Method.NOT_COMPARED && !differs() && unsettled == 0;
        }

        /** Whether the schema or a row was shown to differ (rows left {@link #unsettled} are not). */
        public boolean differs() {
            return !schemaDifferences.isEmpty() || missingInTarget + missingInSource + changed > 0;
        }
    }

    /** What differs about one row. */
    public enum RowKind {
        MISSING_IN_TARGET,
        MISSING_IN_SOURCE,
        CHANGED
    }

    /**
     * One differing row.
     *
     * @param key     the row's key, e.g. {@code id=42} or {@code (tenant, code)=(7, 'A-1')}
     * @param columns the differing columns, for a changed row; empty otherwise
     */
    public record Row(RowKind kind, String key, List<Column> columns) {

        public Row {
            columns = List.copyOf(columns);
        }
    }

    /**
     * One differing column of a changed row; values are shown as text, shortened when long.
     *
     * @param source the value in the source, null for SQL NULL
     * @param target the value in the target, null for SQL NULL
     */
    public record Column(String name, String source, String target) {
    }
}
