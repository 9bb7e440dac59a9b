package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether progress is drawn as a bar: by where standard error goes, not standard input or output. */
class MainTest {

    @Test
    void aTerminalDeviceIsToldFromAFileOrAPipe() {
        assertThat(Main.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Main.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Main.isTerminalDevice("/home/ada/expand.log")).as("2>expand.log").isFalse();
        assertThat(Main.isTerminalDevice("pipe:[123456]")).as("2>&1 | tee").isFalse();
        assertThat(Main.isTerminalDevice("/dev/null")).isFalse();
    }
}
