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

    /** As MySQL 8.0.31's information_schema gave them, for DEFAULT (concat('it''s', "dq")) and (concat('back\\slash', 'x')). */
    @Test
    void aMySqlExpressionDefaultIsWrittenBackWithItsQuotesUnescaped() {
        Columns quoted = new Columns("varchar(40)", "utf8mb4", "utf8mb4_0900_ai_ci", true,
                "concat(_utf8mb4\\'it\\\\\\'s\\',_utf8mb4\\'dq\\')", "DEFAULT_GENERATED", "");
        Columns backslash = new Columns("varchar(40)", null, null, true,
                "concat(_utf8mb4\\'back\\\\\\\\slash\\',_utf8mb4\\'x\\')", "DEFAULT_GENERATED", "");

        assertThat(quoted.defaultSql(false)).isEqualTo("(concat(_utf8mb4'it\\'s',_utf8mb4'dq'))");
        assertThat(backslash.defaultSql(false)).isEqualTo("(concat(_utf8mb4'back\\\\slash',_utf8mb4'x'))");
        assertThat(quoted.fullDefinition(false, false)).isEqualTo("varchar(40) CHARACTER SET utf8mb4 COLLATE"
                + " utf8mb4_0900_ai_ci NULL DEFAULT (concat(_utf8mb4'it\\'s',_utf8mb4'dq'))");
    }

    @Test
    void theDefaultADefinitionSays() {
        assertThat(Columns.defaultIn("TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)"))
                .isEqualTo("CURRENT_TIMESTAMP(3)");
        assertThat(Columns.defaultIn("datetime default now()")).isEqualTo("now()");
        assertThat(Columns.defaultIn("INT NOT NULL DEFAULT -1 COMMENT 'no DEFAULT here'")).isEqualTo("-1");
        assertThat(Columns.defaultIn("VARCHAR(20) DEFAULT 'it''s (odd)' COLLATE utf8mb4_bin")).isEqualTo("'it''s (odd)'");
        assertThat(Columns.defaultIn("DATE DEFAULT (CURRENT_DATE + INTERVAL 1 DAY)")).isEqualTo("(CURRENT_DATE + INTERVAL 1 DAY)");
        assertThat(Columns.defaultIn("ENUM('DEFAULT x', 'b') COMMENT 'a DEFAULT 1'")).isNull();
        assertThat(Columns.defaultIn("BIGINT")).isNull();
    }
}
