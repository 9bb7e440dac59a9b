package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inspector's statements and how their rows, read as text, become records. */
class SchemaQueriesTest {

    private static List<String> row(String... values) {
        return Arrays.asList(values); // values may be NULL, as JDBC reads them
    }

    @Test
    void everyStatementAboutATableReadsTheCurrentSchemaByParameter() {
        for (String sql : List.of(SchemaQueries.TABLE, SchemaQueries.COLUMNS, SchemaQueries.INDEXES, SchemaQueries.TRIGGERS)) {
            assertThat(sql).contains("DATABASE()").containsOnlyOnce("?");
        }
        assertThat(SchemaQueries.FOREIGN_KEYS).as("child here, or parent here of a child anywhere")
                .contains("(k.table_schema = DATABASE() AND k.table_name = ?) OR (k.referenced_table_schema = DATABASE()"
                        + " AND k.referenced_table_name = ?)")
                .contains("IF(k.table_schema = DATABASE(), k.table_name, CONCAT(k.table_schema, '.', k.table_name))");
    }

    @Test
    void theLargestOfSeveralTablesIsAskedOfTheCurrentSchemaWithOneParameterPerName() {
        assertThat(SchemaQueries.largestOf(3)).contains("DATABASE()").endsWith("table_name IN (?, ?, ?)");
    }

    @Test
    void rowVersionsNameTheTableInTheCurrentSchemaOrTheOneItIsQualifiedWith() {
        assertThat(SchemaQueries.rowVersions("`orders`")).endsWith("name = CONCAT(DATABASE(), '/', 'orders')");
        assertThat(SchemaQueries.rowVersions("`shop` . `orders`")).endsWith("name = 'shop/orders'");
        assertThat(SchemaQueries.rowVersions("o'brien")).as("a literal, quoted").endsWith("'o''brien')");
    }

    @Test
    void showFullColumnsQuotesTheTable() {
        assertThat(SchemaQueries.showFullColumns("_tandem_probe")).isEqualTo("SHOW FULL COLUMNS FROM `_tandem_probe`");
    }

    @Test
    void aColumnRowKeepsItsDefinitionAndGeneration() {
        ColumnInfo column = SchemaQueries.column(row("total", "decimal(10,2)", null, null, "NO", "0.00", "VIRTUAL GENERATED",
                "sum", "`price` * `qty`"));
        assertThat(column.name()).isEqualTo("total");
        assertThat(column.definition()).isEqualTo(new Columns("decimal(10,2)", null, null, false, "0.00",
                "VIRTUAL GENERATED", "sum"));
        assertThat(column.isGenerated()).isTrue();
        assertThat(column.isAutoIncrement()).isFalse();
        assertThat(column.isNamed("TOTAL")).isTrue();
    }

    @Test
    void aPlainColumnIsNotGeneratedAndAutoIncrementIsReadFromExtra() {
        ColumnInfo id = SchemaQueries.column(row("id", "bigint", null, null, "NO", null, "auto_increment", "", ""));
        ColumnInfo name = SchemaQueries.column(row("name", "varchar(20)", "utf8mb4", "utf8mb4_bin", "YES", null, "", "", null));
        assertThat(id.isAutoIncrement()).isTrue();
        assertThat(id.isGenerated()).as("MySQL's empty generation_expression").isFalse();
        assertThat(name.isGenerated()).as("MariaDB's NULL").isFalse();
        assertThat(name.definition().nullable()).isTrue();
        assertThat(name.definition().definition()).isEqualTo("varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }

    @Test
    void indexRowsAreGroupedInTheirOrderWithTheirParts() {
        List<IndexInfo> indexes = SchemaQueries.indexes(List.of(
                row("PRIMARY", "0", "id", null, "NO"),
                row("by_name", "1", "last", "10", "YES"),
                row("by_name", "1", "first", null, "NO"),
                row("functional", "0", null, null, null)));
        assertThat(indexes).extracting(IndexInfo::name).containsExactly("PRIMARY", "by_name", "functional");
        assertThat(indexes.get(0).isPrimary()).isTrue();
        assertThat(indexes.get(1).unique()).isFalse();
        assertThat(indexes.get(1).parts()).containsExactly(new IndexInfo.Part("last", "10", true),
                new IndexInfo.Part("first", null, false));
        assertThat(indexes.get(2).columns()).as("a functional part names no column").isEmpty();
    }

    private static final String RULES = "ON UPDATE RESTRICT ON DELETE RESTRICT";

    @Test
    void foreignKeyRowsAreGroupedPerChildTableAndName() {
        List<ForeignKeyInfo> keys = SchemaQueries.foreignKeys(List.of(
                row("fk_line", "lines", "order_id", "orders", "id", RULES),
                row("fk_line", "lines", "order_rev", "orders", "rev", RULES),
                row("fk_line", "notes", "order_id", "orders", "id", "ON UPDATE CASCADE ON DELETE CASCADE")));
        assertThat(keys).containsExactly(
                new ForeignKeyInfo("fk_line", "lines", List.of("order_id", "order_rev"), "orders", List.of("id", "rev"), RULES),
                new ForeignKeyInfo("fk_line", "notes", List.of("order_id"), "orders", List.of("id"),
                        "ON UPDATE CASCADE ON DELETE CASCADE"));
    }

    @Test
    void aTriggerRowKeepsItsFiringOrder() {
        assertThat(SchemaQueries.trigger(row("t_bi", "INSERT", "BEFORE", "2")))
                .isEqualTo(new TriggerInfo("t_bi", "INSERT", "BEFORE", 2));
    }

    @Test
    void aShownColumnTakesTheCharacterSetOfItsCollation() {
        ColumnInfo shown = SchemaQueries.shownColumn(row("v", "varchar(10)", "latin1_swedish_ci", "YES", "", null, "",
                "select", ""), "latin1");
        assertThat(shown.definition().type()).isEqualTo("varchar(10)");
        assertThat(shown.definition().characterSet()).isEqualTo("latin1");
        assertThat(shown.definition().collation()).isEqualTo("latin1_swedish_ci");
    }
}
