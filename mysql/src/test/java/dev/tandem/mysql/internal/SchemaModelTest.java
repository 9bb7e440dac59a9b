package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The schema a migration's checks see: the live one, read once per table, and what earlier operations add. */
class SchemaModelTest {

    /** A live schema of one table, {@code orders (id, total)}, counting the reads made of it. */
    private static final class Live implements SchemaModel.Source {
        final List<String> reads = new ArrayList<>();
        private final Map<String, List<ColumnInfo>> tables = Map.of("orders", List.of(column("id"), column("total")));

        private static ColumnInfo column(String name) {
            return new ColumnInfo(name, new Columns("int", null, null, false, null, "", ""), null);
        }

        @Override
        public Optional<TableInfo> table(String table) {
            reads.add("table " + table);
            return tables.containsKey(table) ? Optional.of(new TableInfo(table, "utf8mb4_bin")) : Optional.empty();
        }

        @Override
        public List<ColumnInfo> columns(String table) {
            reads.add("columns " + table);
            return tables.getOrDefault(table, List.of());
        }

        @Override
        public List<IndexInfo> indexes(String table) {
            reads.add("indexes " + table);
            return List.of();
        }

        @Override
        public List<ForeignKeyInfo> foreignKeys(String table) {
            reads.add("foreign keys " + table);
            return List.of();
        }
    }

    @Test
    void eachFactIsReadOncePerTable() throws Exception {
        Live live = new Live();
        SchemaModel model = new SchemaModel(live);
        assertThat(model.tableExists("orders")).isTrue();
        assertThat(model.tableExists("orders")).isTrue();
        assertThat(model.tableExists("nope")).isFalse();
        assertThat(model.hasColumn("orders", "TOTAL")).as("names without case").isTrue();
        assertThat(model.hasColumn("orders", "id")).isTrue();
        model.indexes("orders");
        model.indexes("orders");
        assertThat(live.reads).containsExactly("table orders", "table nope", "columns orders", "indexes orders");
    }

    @Test
    void aColumnAnEarlierOperationAddsIsSeenByALaterOneAndIsNotLive() throws Exception {
        SchemaModel model = new SchemaModel(new Live());
        assertThat(model.hasColumn("orders", "discount")).isFalse();
        model.apply(List.of(new SchemaModel.Added("Orders", "discount")));
        assertThat(model.hasColumn("orders", "Discount")).as("table and column names without case").isTrue();
        assertThat(model.added("ORDERS")).containsExactly("discount");
        assertThat(model.liveColumns("orders")).extracting(ColumnInfo::name).containsExactly("id", "total");
    }

    @Test
    void aRenamedColumnStandsBesideItsNewNameInTheExpandedSchema() throws Exception {
        SchemaModel model = new SchemaModel(new Live());
        // rename_column orders.total to amount adds amount; total stays until the contract.
        model.apply(List.of(new SchemaModel.Added("orders", "amount")));
        assertThat(model.hasColumn("orders", "amount")).isTrue();
        assertThat(model.hasColumn("orders", "total")).isTrue();
    }

    @Test
    void addedColumnsKeepTheOrderTheyWereAddedIn() {
        SchemaModel model = new SchemaModel(new Live());
        model.apply(List.of(new SchemaModel.Added("orders", "b"), new SchemaModel.Added("orders", "a")));
        model.apply(List.of(new SchemaModel.Added("customers", "c")));
        assertThat(model.added("orders")).containsExactly("b", "a");
        assertThat(model.added("customers")).containsExactly("c");
        assertThat(model.added("lines")).isEmpty();
    }

    @Test
    void anIndexAnEarlierOperationMakesTakesItsNameAndServesAKeyItsColumnsLead() throws Exception {
        SchemaModel model = new SchemaModel(new Live());
        assertThat(model.hasIndexNamed("orders", "by_total")).isFalse();
        model.makeIndex("Orders", "BY_TOTAL", List.of("total", "id"));
        assertThat(model.hasIndexNamed("orders", "by_total")).as("table and index names without case").isTrue();
        assertThat(model.indexMadeEarlier("orders", "by_total")).isTrue();
        assertThat(model.hasIndexLeadingWith("orders", List.of("TOTAL"))).isTrue();
        assertThat(model.hasIndexLeadingWith("orders", List.of("id"))).as("not its first column").isFalse();
        assertThat(model.indexes("orders")).as("not live").isEmpty();
    }

    @Test
    void aForeignKeyNameIsTakenOncePerMigration() {
        SchemaModel model = new SchemaModel(new Live());
        assertThat(model.takeForeignKeyName("by_client")).isTrue();
        assertThat(model.takeForeignKeyName("BY_CLIENT")).as("names without case").isFalse();
        assertThat(model.takeForeignKeyName("by_order")).isTrue();
    }
}
