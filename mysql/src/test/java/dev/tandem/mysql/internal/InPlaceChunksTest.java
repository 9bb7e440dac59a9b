package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a failed verification shows the values it rejected. */
class InPlaceChunksTest {

    @Test
    void aRejectedValueIsShownQuotedAndCutShort() {
        assertThat(InPlaceChunks.shown(null)).isEqualTo("NULL");
        assertThat(InPlaceChunks.shown("abc")).isEqualTo("'abc'");
        assertThat(InPlaceChunks.shown("y".repeat(41))).isEqualTo("'" + "y".repeat(40) + "...'");
        assertThat(InPlaceChunks.shown("y".repeat(40))).as("at the limit: whole").isEqualTo("'" + "y".repeat(40) + "'");
    }
}
