package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statement that gives session variables their values back. */
class SessionVariablesTest {

    @Test
    void setsEachVariableToItsValueAsALiteral() {
        assertThat(SessionVariables.of("sql_mode", "time_zone").set(List.of("STRICT_TRANS_TABLES,NO_ZERO_DATE", "+05:00")))
                .isEqualTo("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_DATE', time_zone = '+05:00'");
    }

    @Test
    void aValueWithAQuoteStaysOneLiteral() {
        assertThat(SessionVariables.of("collation_connection").set(List.of("it's"))).isEqualTo(
                "SET SESSION collation_connection = " + Identifiers.literal("it's"));
    }

    /** The server takes no string for a numeric variable ("Incorrect argument type"). */
    @Test
    void aNumberIsSetAsANumber() {
        assertThat(SessionVariables.of("lc_time_names", "div_precision_increment").set(List.of("de_DE", "8")))
                .isEqualTo("SET SESSION lc_time_names = 'de_DE', div_precision_increment = 8");
    }

    @Test
    void valuesMustMatchTheVariables() {
        assertThatThrownBy(() -> SessionVariables.of("sql_mode", "time_zone").set(List.of("")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 variables");
    }
}
