package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a failed verification shows the values it rejected. */
class BackfillVerifierTest {

    @Test
    void aRejectedValueIsShownQuotedAndCutShort() {
        assertThat(BackfillVerifier.shown(null)).isEqualTo("NULL");
        assertThat(BackfillVerifier.shown("abc")).isEqualTo("'abc'");
        assertThat(BackfillVerifier.shown("y".repeat(41))).isEqualTo("'" + "y".repeat(40) + "...'");
        assertThat(BackfillVerifier.shown("y".repeat(40))).as("at the limit: whole").isEqualTo("'" + "y".repeat(40) + "'");
    }
}
