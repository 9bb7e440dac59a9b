package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The backfill's key: how far along it is, which redraws a row estimate the statistics got wrong. */
class BackfillKeyTest {

    @Test
    void anIntegerKeyTellsTheShareOfItsRangeDone() {
        BackfillKey id = new BackfillKey(List.of("id"), true);
        assertThat(id.doneFraction(List.of("1"), List.of("51"), List.of("101"))).isEqualTo(0.5);
        assertThat(id.doneFraction(List.of("7"), List.of("7"), List.of("7"))).as("a one-key table").isEqualTo(1.0);
        assertThat(id.doneFraction(List.of("-9223372036854775808"), List.of("0"), List.of("9223372036854775807")))
                .isBetween(0.49, 0.51);
    }

    @Test
    void otherKeysDoNotTell() {
        assertThat(new BackfillKey(List.of("code"), false).doneFraction(List.of("a"), List.of("m"), List.of("z"))).isZero();
    }

    @Test
    void keysTravelAsLengthPrefixedPieces() {
        List<String> tuple = List.of("1", "a:b", "");
        assertThat(BackfillKey.decode(BackfillKey.encode(tuple))).isEqualTo(tuple);
    }
}
