package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a sync trigger sets for a NOT NULL column a write leaves NULL: what the row will store there. */
class NullStoredAsTest {

    private static ColumnInfo column(String type, boolean nullable, String extra) {
        return new ColumnInfo("c", new Columns(type, null, null, nullable, null, extra, ""), null);
    }

    private static String onUpdate(String type, boolean mariaDb) {
        return NullStoredAs.of(column(type, false, ""), mariaDb).fill("`c`", "UPDATE");
    }

    @Test
    void numbersTextAndDatesStoreTheirTypesImplicitValue() {
        assertThat(onUpdate("int unsigned", false)).isEqualTo("IF `c` IS NULL THEN SET `c` = 0; END IF;");
        assertThat(onUpdate("decimal(5,2)", true)).isEqualTo("IF `c` IS NULL THEN SET `c` = 0; END IF;");
        assertThat(onUpdate("varchar(20)", false)).isEqualTo("IF `c` IS NULL THEN SET `c` = ''; END IF;");
        assertThat(onUpdate("binary(4)", true)).isEqualTo("IF `c` IS NULL THEN SET `c` = CAST('' AS BINARY(4)); END IF;");
        assertThat(onUpdate("time", false)).isEqualTo("IF `c` IS NULL THEN SET `c` = '00:00:00'; END IF;");
        assertThat(onUpdate("date", true)).as("the trigger's sql_mode holds zero dates")
                .isEqualTo("IF `c` IS NULL THEN SET `c` = '0000-00-00'; END IF;");
        assertThat(onUpdate("datetime(3)", false)).isEqualTo("IF `c` IS NULL THEN SET `c` = '0000-00-00 00:00:00'; END IF;");
    }

    @Test
    void nullableGeneratedAndAutoIncrementColumnsAreLeftAsTheyAre() {
        assertThat(NullStoredAs.of(column("int", true, ""), false)).isEqualTo(NullStoredAs.NONE);
        assertThat(NullStoredAs.of(column("bigint", false, "auto_increment"), false)).isEqualTo(NullStoredAs.NONE);
        ColumnInfo generated = new ColumnInfo("g", new Columns("int", null, null, false, null, "VIRTUAL GENERATED", ""), "a + 1");
        assertThat(NullStoredAs.of(generated, true)).isEqualTo(NullStoredAs.NONE);
        assertThat(NullStoredAs.NONE.fills("INSERT")).isFalse();
        assertThat(NullStoredAs.NONE.fill("`c`", "UPDATE")).isEmpty();
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
        assertThat(onUpdate("timestamp(3)", true)).as("MariaDB: the statement's time, in any mode")
                .isEqualTo("IF `c` IS NULL THEN SET `c` = CURRENT_TIMESTAMP(3); END IF;");
        assertThat(onUpdate("timestamp", false))
                .as("MySQL: a zero date (or refused), or the time where the session takes no explicit defaults")
                .isEqualTo("IF `c` IS NULL THEN IF @@explicit_defaults_for_timestamp THEN SET `c` = '0000-00-00 00:00:00';"
                        + " ELSE SET `c` = CURRENT_TIMESTAMP(0); END IF; END IF;");
        NullStoredAs enumOnMySql = NullStoredAs.of(column("enum('it''s','b')", false, ""), false);
        assertThat(enumOnMySql.fill("`e`", "INSERT")).as("MySQL: an INSERT that leaves it out")
                .isEqualTo("IF `e` IS NULL THEN SET `e` = 'it''s'; END IF;");
        assertThat(enumOnMySql.fills("UPDATE")).isFalse();
    }

    /** A row carried into a copy holds its values: a fill that may give the statement's time is never taken. */
    @Test
    void aTimedFillIsNotCountedAgainstRecomputingTheSame() {
        for (boolean mariaDb : new boolean[] {true, false}) {
            String body = "DECLARE `t` timestamp(3) DEFAULT NEW.`t`; " + onUpdate("timestamp(3)", mariaDb).replace("`c`", "`t`")
                    + " SET NEW.`u` = (`t`);";
            assertThat(NullStoredAs.withoutTimedFills(body)).isEqualTo("DECLARE `t` timestamp(3) DEFAULT NEW.`t`;  SET NEW.`u` = (`t`);");
            assertThat(Expressions.isDeterministic(body)).isFalse();
        }
        assertThat(Expressions.isDeterministic(NullStoredAs.withoutTimedFills("SET NEW.`u` = CURRENT_TIMESTAMP(3);"))).isFalse();
    }
}
