package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a sync trigger reads for a NOT NULL column a write leaves NULL: what the row will store there. */
class NullStoredAsTest {

    private static ColumnInfo column(String type, boolean nullable, String extra) {
        return new ColumnInfo("c", new Columns(type, null, null, nullable, null, extra, ""), null);
    }

    @Test
    void numbersAndTextStoreTheirTypesImplicitValue() {
        assertThat(NullStoredAs.of(column("int unsigned", false, ""), false)).isEqualTo(new NullStoredAs("0", "0"));
        assertThat(NullStoredAs.of(column("decimal(5,2)", false, ""), true)).isEqualTo(new NullStoredAs("0", "0"));
        assertThat(NullStoredAs.of(column("varchar(20)", false, ""), false)).isEqualTo(new NullStoredAs("''", "''"));
        assertThat(NullStoredAs.of(column("binary(4)", false, ""), true).onUpdate()).isEqualTo("CAST('' AS BINARY(4))");
        assertThat(NullStoredAs.of(column("time", false, ""), false).onInsert()).isEqualTo("'00:00:00'");
        assertThat(NullStoredAs.of(column("date", false, ""), true).onInsert()).as("the trigger's sql_mode holds zero dates")
                .isEqualTo("'0000-00-00'");
        assertThat(NullStoredAs.of(column("datetime(3)", false, ""), false).onUpdate()).isEqualTo("'0000-00-00 00:00:00'");
    }

    @Test
    void nullableGeneratedAndAutoIncrementColumnsAreReadAsTheyAre() {
        assertThat(NullStoredAs.of(column("int", true, ""), false)).isEqualTo(NullStoredAs.NONE);
        assertThat(NullStoredAs.of(column("bigint", false, "auto_increment"), false)).isEqualTo(NullStoredAs.NONE);
        ColumnInfo generated = new ColumnInfo("g", new Columns("int", null, null, false, null, "VIRTUAL GENERATED", ""), "a + 1");
        assertThat(NullStoredAs.of(generated, true)).isEqualTo(NullStoredAs.NONE);
    }

    /** An empty ENUM, JSON's null and a YEAR are not values a strict trigger body holds as the row does. */
    @Test
    void valuesAStrictTriggerCannotHoldAreNotGiven() {
        assertThat(NullStoredAs.of(column("year", false, ""), false)).isEqualTo(NullStoredAs.NONE);
        assertThat(NullStoredAs.of(column("json", false, ""), false)).isEqualTo(NullStoredAs.NONE);
        assertThat(NullStoredAs.of(column("enum('b','a')", false, ""), true)).isEqualTo(NullStoredAs.NONE);
    }

    @Test
    void eachServerFillsItsOwnWay() {
        assertThat(NullStoredAs.of(column("timestamp(3)", false, ""), true)).as("MariaDB: the statement's time, in any mode")
                .isEqualTo(new NullStoredAs("CURRENT_TIMESTAMP(3)", "CURRENT_TIMESTAMP(3)"));
        assertThat(NullStoredAs.of(column("timestamp", false, ""), false).onUpdate())
                .as("MySQL: a zero date (or refused), or the time where the session takes no explicit defaults")
                .isEqualTo("IF(@@explicit_defaults_for_timestamp, '0000-00-00 00:00:00', CURRENT_TIMESTAMP(0))");
        assertThat(NullStoredAs.of(column("enum('it''s','b')", false, ""), false)).as("MySQL: an INSERT that leaves it out")
                .isEqualTo(new NullStoredAs("'it''s'", null));
    }

    @Test
    void aReadFallsBackToTheStoredValueOnlyForItsEvent() {
        NullStoredAs enumOnMySql = new NullStoredAs("'b'", null);
        assertThat(enumOnMySql.read("`e`", "INSERT")).isEqualTo("COALESCE(NEW.`e`, 'b')");
        assertThat(enumOnMySql.read("`e`", "UPDATE")).isEqualTo("NEW.`e`");
    }

    /** A row carried into a copy holds its values: a read that may give the statement's time gives the row's. */
    @Test
    void aTimedReadCountsAsThePlainRead() {
        String body = "DECLARE `t` timestamp(3) DEFAULT COALESCE(NEW.`t`, CURRENT_TIMESTAMP(3)); SET NEW.`u` = (`t`);";
        assertThat(NullStoredAs.withoutTimedReads(body)).isEqualTo("DECLARE `t` timestamp(3) DEFAULT NEW.`t`; SET NEW.`u` = (`t`);");
        assertThat(Expressions.isDeterministic(NullStoredAs.withoutTimedReads(body))).isTrue();
        String onMySql = "SET NEW.`u` = " + NullStoredAs.of(column("timestamp", false, ""), false).read("`t`", "UPDATE") + ";";
        assertThat(NullStoredAs.withoutTimedReads(onMySql)).isEqualTo("SET NEW.`u` = NEW.`t`;");
        assertThat(Expressions.isDeterministic(NullStoredAs.withoutTimedReads("SET NEW.`u` = CURRENT_TIMESTAMP(3);"))).isFalse();
    }
}
