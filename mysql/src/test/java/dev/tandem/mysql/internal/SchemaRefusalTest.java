package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Refusals keep the text users (and tests) read, and carry what they are about. */
class SchemaRefusalTest {

    private static final String WHERE = "V2__x.yaml line 3: alter_column orders.total";

    /** A refusal as a Throwable: an SQLException is also Iterable, which confuses assertThat's overloads. */
    private static AbstractThrowableAssert<?, ? extends Throwable> that(Throwable refusal) {
        return assertThat(refusal);
    }

    @Test
    void aMissingTableSaysWhereAndHowToFixIt() {
        SchemaRefusal refusal = SchemaRefusal.tableMissing(WHERE, "orders");
        that(refusal).hasMessage(WHERE + ": there is no table orders in this schema (check the name; it must exist"
                + " before this migration, created by an earlier one)");
        assertThat(refusal.kind()).isEqualTo(SchemaRefusal.Kind.TABLE_MISSING);
        assertThat(refusal.table()).isEqualTo("orders");
        assertThat(refusal.column()).isNull();
        assertThat(refusal.getMessage()).contains(refusal.fix());
    }

    @Test
    void columnRefusalsNameTableAndColumn() {
        SchemaRefusal missing = SchemaRefusal.columnMissing(WHERE, "orders", "total");
        SchemaRefusal exists = SchemaRefusal.columnExists(WHERE, "orders", "total");
        that(missing).hasMessage(WHERE + ": the table orders has no column total");
        that(exists).hasMessage(WHERE + ": the table orders already has a column total; choose another name");
        assertThat(List.of(missing.column(), exists.column())).containsOnly("total");
        assertThat(missing.fix()).isNull();
        assertThat(exists.fix()).isEqualTo("choose another name");
        assertThat(exists.where()).isEqualTo(WHERE);
    }

    @Test
    void aForeignKeyRefusalNamesTheKeyAndItsTable() {
        ForeignKeyInfo key = new ForeignKeyInfo("fk_line", "lines", List.of("order_id"), "orders", List.of("id"), "");
        that(SchemaRefusal.inForeignKey(WHERE, "orders", "id", key)).hasMessage(WHERE + ": id is part of the foreign"
                + " key fk_line (on lines), which the contract could not keep. Drop the key first (in an earlier"
                + " migration), and add it back afterwards if it is still wanted.");
    }

    @Test
    void generatedColumnAndBackfillKeyRefusalsKeepTheirText() {
        ColumnInfo generated = new ColumnInfo("gross", new Columns("int", null, null, true, null, "VIRTUAL GENERATED", ""),
                "`total` * 2");
        that(SchemaRefusal.generatedColumnReads(WHERE, "orders", "total", generated)).hasMessage(WHERE + ": the"
                + " generated column gross is computed from total (`total` * 2), and the contract could not drop or"
                + " rename total under it. Drop or redefine gross first (in an earlier migration).");
        that(SchemaRefusal.noBackfillKey(WHERE, "orders")).hasMessage(WHERE + ": orders has no primary key and no"
                + " unique key over NOT NULL columns (other than FLOAT or DOUBLE ones, whose values do not read back exactly),"
                + " so its rows cannot be backfilled in chunks. Add a primary key first.");
    }

    @Test
    void aRefusalTheServerLedToKeepsItsStateCodeAndCause() {
        SQLException server = new SQLException("Unknown column 'nope'", "42S22", 1054);
        SchemaRefusal refusal = SchemaRefusal.expressionInvalid(WHERE, "orders", "up", "nope + 1", server);
        that(refusal).hasMessage(WHERE + ": 'up' (nope + 1) is not a valid expression over orders: Unknown column"
                + " 'nope'").hasCause(server);
        assertThat(refusal.getSQLState()).isEqualTo("42S22");
        assertThat(refusal.getErrorCode()).isEqualTo(1054);
        that(refusal).as("the engine's check catches SQLException").isInstanceOf(SQLException.class);
    }
}
