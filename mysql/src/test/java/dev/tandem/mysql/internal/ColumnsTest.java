package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A column's definition written back for a MODIFY, as information_schema describes it on each server. */
class ColumnsTest {

    @Test
    void anOnUpdateClauseKeepsItsPrecision() {
        Columns mySql = new Columns("timestamp(3)", null, null, false, "CURRENT_TIMESTAMP(3)",
                "DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)", "");
        Columns mariaDb = new Columns("timestamp(3)", null, null, false, "current_timestamp(3)",
                "on update current_timestamp(3)", "");
        Columns plain = new Columns("timestamp", null, null, true, null, "on update CURRENT_TIMESTAMP", "");

        assertThat(mySql.fullDefinition(true, false))
                .isEqualTo("timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)");
        assertThat(mariaDb.fullDefinition(true, true))
                .isEqualTo("timestamp(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE CURRENT_TIMESTAMP(3)");
        assertThat(plain.fullDefinition(false, false)).isEqualTo("timestamp NULL ON UPDATE CURRENT_TIMESTAMP");
    }
}
