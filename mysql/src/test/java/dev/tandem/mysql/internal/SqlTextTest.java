package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SQL read as the server reads it: comments gone, strings emptied, executable comments' SQL kept. */
class SqlTextTest {

    @Test
    void commentsGoStringsEmptyNamesAndExecutableCommentsStay() {
        assertThat(SqlText.code("ALTER TABLE orders -- no ALGORITHM= needed, it's Tandem's\n  MODIFY total INT COMMENT 'lock=1'"))
                .isEqualTo("ALTER TABLE orders \n  MODIFY total INT COMMENT ''");
        assertThat(SqlText.code("SELECT `a--b`, \"x\\\"y\" # gone\n/* gone */ /*!80000 ALGORITHM=COPY */")
                .replaceAll("\\s+", " ")).isEqualTo("SELECT `a--b`, '' ALGORITHM=COPY ");
        assertThat(SqlText.code("SELECT 1--1")).as("minus minus one").isEqualTo("SELECT 1--1");
    }

    /** A clause in a comment or a string chose nothing: the statement still runs online, or is refused. */
    @Test
    void anAlgorithmInACommentOrAStringIsNoneOfTheStatements() {
        assertThat(OnlineDdl.runtimeNote("ALTER TABLE orders\n  -- no ALGORITHM= needed\n  MODIFY total DECIMAL(14,2) NOT NULL"))
                .startsWith("runs as ALGORITHM=INSTANT if the server can");
        assertThat(OnlineDdl.runtimeNote("ALTER TABLE orders MODIFY total INT COMMENT 'lock=none'"))
                .startsWith("runs as ALGORITHM=INSTANT if the server can");
        assertThat(OnlineDdl.runtimeNote("ALTER TABLE orders MODIFY total INT, ALGORITHM=COPY")).isNull();
        assertThat(OnlineDdl.runtimeNote("ALTER TABLE orders MODIFY total INT /*!80000 , ALGORITHM=COPY */")).isNull();
    }
}
