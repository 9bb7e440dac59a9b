package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ThrottleSignal;
import dev.tandem.spi.ComparisonRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparison's throttle asks the user's signals and both servers', and the target's lag only when it replicates. */
class CompareThrottleTest {

    private static final ThrottleSignal USERS = () -> Optional.empty();

    private static ComparisonRequest request() {
        return new ComparisonRequest(null, null, List.of(), Map.of(), Set.of(), false, 20, (t, d, e) -> { },
                List.of(USERS), 7, Duration.ofSeconds(3));
    }

    @Test
    void independentServersAreEachWatchedForThreadsRunning() {
        assertThat(CompareThrottle.signals(request(), false)).map(String::valueOf).containsExactly(
                USERS.toString(), "the source: Threads_running <= 7", "the target: Threads_running <= 7");
    }

    @Test
    void aTargetThatReplicatesIsAlsoWatchedForLag() {
        assertThat(CompareThrottle.signals(request(), true)).map(String::valueOf).containsExactly(
                USERS.toString(), "the source: Threads_running <= 7", "the target: Threads_running <= 7",
                "the target lag <= 3 s");
    }

    @Test
    void aSideSignalNamesItsSideInItsReason() throws Exception {
        ThrottleSignal busy = new CompareThrottle.OnSide("the target", () -> Optional.of("Threads_running is 40"));
        ThrottleSignal idle = new CompareThrottle.OnSide("the source", Optional::empty);
        assertThat(busy.reasonToWait()).contains("the target: Threads_running is 40");
        assertThat(idle.reasonToWait()).isEmpty();
    }
}
