package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ComparisonReport;
import dev.tandem.ComparisonReport.Column;
import dev.tandem.ComparisonReport.Method;
import dev.tandem.ComparisonReport.Row;
import dev.tandem.ComparisonReport.RowKind;
import dev.tandem.ComparisonReport.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code compare}'s report as people and scripts read it, for every kind of table a report holds. */
class ComparisonTextTest {

    static final String CONSISTENCY = "as of now: independent servers, differing chunks re-checked once before reporting";
    static final List<String> COMPARED = List.of("every base table of the source's schema",
            "columns left out: wp_options.autoload");

    /** Rows missing on both sides and changed, more than the list shows. */
    static final Table ORDERS = new Table("orders", "orders", Method.KEYED_CHUNKS, 1000, 999, List.of(), 2, 1, 3,
            List.of(new Row(RowKind.MISSING_IN_TARGET, "id=42", List.of()),
                    new Row(RowKind.MISSING_IN_SOURCE, "id=1001", List.of()),
                    new Row(RowKind.CHANGED, "id=7", List.of(new Column("email", "ada@example.com", "ada@example.org"),
                            new Column("note", null, "line one\nline two")))),
            List.of());

    static Table identical(String name) {
        return new Table(name, name, Method.KEYED_CHUNKS, 2, 2, List.of(), 0, 0, 0, List.of(), List.of());
    }

    private static String text(ComparisonReport report) {
        StringWriter out = new StringWriter();
        ComparisonText.print(report, new PrintWriter(out, true));
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void identicalDatabasesSaySoWithWhatWasComparedAndHow() {
        String text = text(new ComparisonReport(CONSISTENCY, COMPARED, List.of(identical("customers"), identical("products"))));
        assertThat(text).isEqualTo("""
                Identical: 2 table(s), schema and rows.
                Compared:
                  - every base table of the source's schema
                  - columns left out: wp_options.autoload
                Consistency: as of now: independent servers, differing chunks re-checked once before reporting

                customers (keyed chunks): 2 rows on both sides, identical

                products (keyed chunks): 2 rows on both sides, identical
                """);
    }

    @Test
    void differingRowsAreCountedAndListedWithBothValuesOfEachDifferingColumn() {
        String text = text(new ComparisonReport(CONSISTENCY, COMPARED, List.of(identical("customers"), ORDERS)));
        assertThat(text).startsWith("Differences found: 1 of 2 table(s) differ.\n").contains("""
                orders (keyed chunks): 1000 rows in the source, 999 in the target
                  rows: 2 missing in the target, 1 missing in the source, 3 changed
                  - missing in the target: id=42
                  - missing in the source: id=1001
                  - changed: id=7
                      email: source 'ada@example.com', target 'ada@example.org'
                      note: source NULL, target 'line one\\nline two'
                  ... 3 more not listed (--differences-shown)
                """);
    }

    @Test
    void schemaDifferencesAndNotesAreShownPerTable() {
        Table users = new Table("users", "users", Method.FULL_SCAN, 5, 5,
                List.of("column email: VARCHAR(200) in the source, VARCHAR(100) in the target",
                        "index idx_email: only in the source"), 0, 0, 0, List.of(),
                List.of("no primary or unique NOT NULL key: compared by one ordered scan of each side"));
        String text = text(new ComparisonReport(CONSISTENCY, COMPARED, List.of(users)));
        assertThat(text).startsWith("Differences found: 1 of 1 table(s) differ.\n").endsWith("""
                users (full scan): 5 rows on both sides
                  schema: column email: VARCHAR(200) in the source, VARCHAR(100) in the target
                  schema: index idx_email: only in the source
                  note: no primary or unique NOT NULL key: compared by one ordered scan of each side
                """);
    }

    @Test
    void aTableNotComparedSaysWhyAndCountsApart() {
        Table audit = new Table("audit", "audit", Method.NOT_COMPARED, 12, 0, List.of(), 0, 0, 0, List.of(),
                List.of("only in the source: the target has no table audit"));
        String text = text(new ComparisonReport(CONSISTENCY, COMPARED, List.of(identical("customers"), audit)));
        assertThat(text).startsWith("Differences found: 0 of 2 table(s) differ, 1 not compared.\n").endsWith("""
                audit: not compared
                  note: only in the source: the target has no table audit
                """);
    }

    /** Rows written throughout the comparison, never settled: no difference, yet not identical. */
    @Test
    void unsettledRowsAreNeitherIdenticalNorADifference() {
        Table counters = new Table("counters", "counters", Method.KEYED_CHUNKS, 3, 3, List.of(), 0, 0, 0, List.of(),
                List.of("1 row(s) differed but were written during every re-check"), 1);
        ComparisonReport report = new ComparisonReport(CONSISTENCY, COMPARED, List.of(identical("customers"), counters));
        String text = text(report);
        assertThat(report.identical()).isFalse();
        assertThat(text).startsWith("Not shown identical: 1 of 2 table(s) had rows written throughout the comparison"
                + " (1 row(s) unsettled); no difference found. Compare again when writes are quieter.\n").endsWith("""
                counters (keyed chunks): 3 rows on both sides
                  rows: 1 unsettled (written throughout the comparison: neither equal nor different)
                  note: 1 row(s) differed but were written during every re-check
                """);
        Table orders = new Table("orders", "orders", Method.KEYED_CHUNKS, 2, 2, List.of(), 0, 0, 1, List.of(), List.of(), 2);
        assertThat(ComparisonText.verdict(new ComparisonReport(CONSISTENCY, COMPARED, List.of(counters, orders))))
                .isEqualTo("Differences found: 2 of 2 table(s) differ.");
    }

    @Test
    void aMappedTableShowsBothNames() {
        Table users = new Table("wp_users", "users", Method.KEYED_CHUNKS, 3, 3, List.of(), 0, 0, 1,
                List.of(new Row(RowKind.CHANGED, "(tenant, code)=(7, 'A-1')", List.of(new Column("name", "Zo?", "Zoë")))),
                List.of());
        String text = text(new ComparisonReport(CONSISTENCY, List.of("wp_users compared with the target's users"), List.of(users)));
        assertThat(text).contains("""
                wp_users -> users (keyed chunks): 3 rows on both sides
                  rows: 1 changed
                  - changed: (tenant, code)=(7, 'A-1')
                      name: source 'Zo?', target 'Zoë'
                """).doesNotContain("more not listed");
    }

    @Test
    void valuesShowEmptyTextNullAndLineBreaksApart() {
        assertThat(ComparisonText.value(null)).isEqualTo("NULL");
        assertThat(ComparisonText.value("")).isEqualTo("''");
        assertThat(ComparisonText.value("a ")).isEqualTo("'a '");
        assertThat(ComparisonText.value("C:\\tmp\r\n")).isEqualTo("'C:\\\\tmp\\r\\n'");
    }

    @Test
    void theJsonHoldsTheWholeReportForScripts() throws Exception {
        StringWriter out = new StringWriter();
        Json.print(new PrintWriter(out, true), new ComparisonReport(CONSISTENCY, COMPARED, List.of(identical("customers"), ORDERS)));
        JsonNode report = new ObjectMapper().readTree(out.toString());

        assertThat(report.get("consistency").asText()).isEqualTo(CONSISTENCY);
        assertThat(report.get("compared")).extracting(JsonNode::asText).isEqualTo(COMPARED);
        JsonNode orders = report.get("tables").get(1);
        assertThat(orders.get("source").asText()).isEqualTo("orders");
        assertThat(orders.get("target").asText()).isEqualTo("orders");
        assertThat(orders.get("method").asText()).isEqualTo("KEYED_CHUNKS");
        assertThat(orders.get("sourceRows").asLong()).isEqualTo(1000);
        assertThat(orders.get("targetRows").asLong()).isEqualTo(999);
        assertThat(orders.get("missingInTarget").asLong()).isEqualTo(2);
        assertThat(orders.get("missingInSource").asLong()).isEqualTo(1);
        assertThat(orders.get("changed").asLong()).isEqualTo(3);
        assertThat(orders.get("unsettled").asLong()).isZero();
        assertThat(orders.get("schemaDifferences")).isEmpty();
        assertThat(orders.get("notes")).isEmpty();
        JsonNode changed = orders.get("differences").get(2);
        assertThat(changed.get("kind").asText()).isEqualTo("CHANGED");
        assertThat(changed.get("key").asText()).isEqualTo("id=7");
        JsonNode note = changed.get("columns").get(1);
        assertThat(note.get("name").asText()).isEqualTo("note");
        assertThat(note.get("source").isNull()).as("SQL NULL is JSON null").isTrue();
        assertThat(note.get("target").asText()).isEqualTo("line one\nline two");
        assertThat(orders.get("differences").get(0).get("columns")).isEmpty();
    }
}
