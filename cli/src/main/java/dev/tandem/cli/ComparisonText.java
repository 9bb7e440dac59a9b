package dev.tandem.cli;

import dev.tandem.ComparisonReport;
import dev.tandem.ComparisonReport.Column;
import dev.tandem.ComparisonReport.Method;
import dev.tandem.ComparisonReport.Row;
import dev.tandem.ComparisonReport.RowKind;
import dev.tandem.ComparisonReport.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code compare}'s report for people: a verdict, what was compared, then each table and its differing rows. */
final class ComparisonText {

    private ComparisonText() {
    }

    static void print(ComparisonReport report, PrintWriter out) {
        out.println(verdict(report));
        if (!report.compared().isEmpty()) {
            out.println("Compared:");
            report.compared().forEach(sentence -> out.println("  - " + sentence));
        }
        out.println("Consistency: " + report.consistency());
        for (Table table : report.tables()) {
            out.println();
            printTable(table, out);
        }
    }

    /** E.g. {@code Differences found: 2 of 5 table(s) differ, 1 not compared.} */
    static String verdict(ComparisonReport report) {
        int total = report.tables().size();
        if (report.identical()) {
            return "Identical: " + total + " table(s), schema and rows.";
        }
        long notCompared = report.tables().stream().filter(t -> t.method() == Method.NOT_COMPARED).count();
        long differing = report.tables().stream().filter(t -> t.method() != Method.NOT_COMPARED && !t.identical()).count();
        long unsettledOnly = report.tables().stream().filter(ComparisonText::onlyUnsettled).count();
        if (notCompared == 0 && unsettledOnly == differing) {
            return "Not shown identical: " + unsettledOnly + " of " + total + " table(s) had rows written throughout the"
                    + " comparison (" + report.tables().stream().mapToLong(Table::unsettled).sum() + " row(s) unsettled);"
                    + " no difference found. Compare again when writes are quieter.";
        }
        return "Differences found: " + differing + " of " + total + " table(s) differ"
                + (notCompared > 0 ? ", " + notCompared + " not compared" : "") + ".";
    }

    private static void printTable(Table table, PrintWriter out) {
        String name = table.source().equals(table.target()) ? table.source() : table.source() + " -> " + table.target();
        if (table.method() == Method.NOT_COMPARED) {
            out.println(name + ": not compared");
        } else {
            out.println(name + " (" + method(table.method()) + "): " + rowCounts(table)
                    + (table.identical() ? ", identical" : ""));
        }
        for (String difference : table.schemaDifferences()) {
            out.println("  schema: " + difference);
        }
        long differingRows = table.missingInTarget() + table.missingInSource() + table.changed();
        if (differingRows > 0) {
            out.println("  rows: " + rowDifferences(table));
            for (Row row : table.differences()) {
                printRow(row, out);
            }
            if (differingRows > table.differences().size()) {
                out.println("  ... " + (differingRows - table.differences().size()) + " more not listed (--differences-shown)");
            }
        }
        if (table.unsettled() > 0) {
            out.println("  rows: " + table.unsettled() + " unsettled (written throughout the comparison: neither equal nor"
                    + " different)");
        }
        for (String note : table.notes()) {
            out.println("  note: " + note);
        }
    }

    /** A compared table whose schema and rows showed no difference, but some rows never settled. */
    private static boolean onlyUnsettled(Table table) {
        return table.method() != Method.NOT_COMPARED && table.unsettled() > 0 && !table.differs();
    }

    private static String method(Method method) {
        return method == Method.KEYED_CHUNKS ? "keyed chunks" : "full scan";
    }

    private static String rowCounts(Table table) {
        return table.sourceRows() == table.targetRows() ? table.sourceRows() + " rows on both sides"
                : table.sourceRows() + " rows in the source, " + table.targetRows() + " in the target";
    }

    /** E.g. {@code 2 missing in the target, 1 changed}: the complete counts, whatever the list shows. */
    private static String rowDifferences(Table table) {
        List<String> counts = new ArrayList<>();
        if (table.missingInTarget() > 0) {
            counts.add(table.missingInTarget() + " missing in the target");
        }
        if (table.missingInSource() > 0) {
            counts.add(table.missingInSource() + " missing in the source");
        }
        if (table.changed() > 0) {
            counts.add(table.changed() + " changed");
        }
        return String.join(", ", counts);
    }

    private static void printRow(Row row, PrintWriter out) {
        out.println("  - " + kind(row.kind()) + ": " + row.key());
        for (Column column : row.columns()) {
            out.println("      " + column.name() + ": source " + value(column.source()) + ", target " + value(column.target()));
        }
    }

    private static String kind(RowKind kind) {
        return switch (kind) {
            case MISSING_IN_TARGET -> "missing in the target";
            case MISSING_IN_SOURCE -> "missing in the source";
            case CHANGED -> "changed";
        };
    }

    /** A value in quotes, so that '' and NULL and trailing spaces show; line breaks escaped, so one row stays one line. */
    static String value(String value) {
        if (value == null) {
            return "NULL";
        }
        return "'" + value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r") + "'";
    }
}
