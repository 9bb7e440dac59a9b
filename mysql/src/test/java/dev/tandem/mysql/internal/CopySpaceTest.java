package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The disk space a copy of a table takes, against what the server has free. */
class CopySpaceTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aCopyNeedsTheTablesSizeAndAQuarter() {
        assertThat(new CopySpace(100 * MIB, OptionalLong.of(125 * MIB)).problem()).isEmpty();
        assertThat(new CopySpace(100 * MIB, OptionalLong.of(120 * MIB)).problem()).hasValueSatisfying(p -> assertThat(p)
                .isEqualTo("the server's disk has 120 MiB free, and a copy of the table (100 MiB) needs about 125 MiB until"
                        + " the contract drops the old table"));
    }

    @Test
    void whereTheServerDoesNotSayNothingIsRefusedAndTheNoteSaysSo() {
        CopySpace unknown = new CopySpace(100 * MIB, OptionalLong.empty());
        assertThat(unknown.problem()).isEmpty();
        assertThat(unknown.note()).contains("about 125 MiB").contains("the server does not say how much is free");
    }
}
