package dev.tandem.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void kibibytesRoundedUpBelowAMebibyte() {
        assertThat(ByteSizes.readable(0)).isEqualTo("0 KiB");
        assertThat(ByteSizes.readable(1)).isEqualTo("1 KiB");
        assertThat(ByteSizes.readable(340 * 1024)).isEqualTo("340 KiB");
        assertThat(ByteSizes.readable(MIB - 1)).isEqualTo("1024 KiB");
    }

    @Test
    void mebibytesUpToTenGibibytesThenGibibytes() {
        assertThat(ByteSizes.readable(5 * MIB)).isEqualTo("5 MiB");
        assertThat(ByteSizes.readable(10 * 1024 * MIB - MIB)).isEqualTo("10239 MiB");
        assertThat(ByteSizes.readable(10 * 1024 * MIB)).isEqualTo("10.0 GiB");
        assertThat(ByteSizes.readable(300L * 1024 * MIB + 512 * MIB)).isEqualTo("300.5 GiB");
    }
}
