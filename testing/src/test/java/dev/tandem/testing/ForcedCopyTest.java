package dev.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ForcedCopyTest {

    @Test
    void isOffUnlessTheVariableHoldsANumber() {
        assertThat(ForcedCopy.threshold(Map.of())).isEmpty();
        assertThat(ForcedCopy.threshold(Map.of(ForcedCopy.VARIABLE, " "))).isEmpty();
        assertThat(ForcedCopy.threshold(Map.of(ForcedCopy.VARIABLE, "0"))).isEqualTo(OptionalLong.of(0));
        assertThat(ForcedCopy.threshold(Map.of(ForcedCopy.VARIABLE, "1000 "))).isEqualTo(OptionalLong.of(1000));
    }

    @Test
    void refusesWhatIsNotANumber() {
        assertThatThrownBy(() -> ForcedCopy.threshold(Map.of(ForcedCopy.VARIABLE, "yes")))
                .hasMessageContaining("TANDEM_TEST_COPY_EXPAND_THRESHOLD must be a number of rows");
    }
}
