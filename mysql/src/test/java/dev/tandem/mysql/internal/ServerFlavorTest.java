package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerFlavorTest {

    @Test
    void mariaDbMakesAColumnNotNullInPlaceOnlyWithAConstantDefault() {
        for (String constant : new String[] {"0", "-1.5", "1e3", "'x'", "'it''s'", "\"x\"", "NULL", "TRUE", "x'0F'", "b'01'", " 'a' "}) {
            assertThat(ServerFlavor.makesNotNullInPlace(true, constant)).as(constant).isTrue();
        }
        assertThat(ServerFlavor.makesNotNullInPlace(true, null)).as("no default").isTrue();
        for (String expression : new String[] {"CURRENT_TIMESTAMP", "current_timestamp()", "CURRENT_TIMESTAMP(3)", "NOW()",
                "(UUID())", "'a' || 'b'", "1 + 1"}) {
            assertThat(ServerFlavor.makesNotNullInPlace(true, expression)).as(expression).isFalse();
            assertThat(ServerFlavor.makesNotNullInPlace(false, expression)).as("MySQL: " + expression).isTrue();
        }
    }

    @Test
    void anExpressionDefaultIsOneInParentheses() {
        assertThat(ServerFlavor.expressionDefault("(CONCAT('a', 'b'))")).isEqualTo("CONCAT('a', 'b')");
        assertThat(ServerFlavor.expressionDefault(" ( UUID() ) ")).isEqualTo("UUID()");
        for (String notOne : new String[] {"0", "'(x)'", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP(3)", "NULL"}) {
            assertThat(ServerFlavor.expressionDefault(notOne)).as(notOne).isNull();
        }
        assertThat(ServerFlavor.expressionDefault(null)).as("no default").isNull();
    }

    @Test
    void mySqlIndexesTextAndBlobOnlyByAPrefixAndJsonNotAtAllWhereMariaDbTakesThem() {
        assertThat(ServerFlavor.cannotIndexWhole(false, "text")).isEqualTo("MySQL indexes a TEXT column only by a prefix of it");
        assertThat(ServerFlavor.cannotIndexWhole(false, "longblob")).contains("LONGBLOB column only by a prefix");
        assertThat(ServerFlavor.cannotIndexWhole(false, "json")).contains("only through a generated column");
        assertThat(ServerFlavor.cannotIndexWhole(false, "varchar")).isNull();
        assertThat(ServerFlavor.cannotIndexWhole(true, "text")).isNull();
        assertThat(ServerFlavor.cannotIndexWhole(true, "longtext")).isNull();
    }
}
