package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** DatabaseComparison refuses bad throttle options before it connects to anything. */
class ComparisonOptionsTest {

    /** A database that fails the test if the comparison ever connects to it. */
    private static final DataSource UNREACHABLE = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                throw new AssertionError("the comparison connected before checking its options: " + method.getName());
            });

    private static DatabaseComparison comparison() {
        return DatabaseComparison.between(UNREACHABLE, UNREACHABLE);
    }

    @Test
    void maxThreadsRunningBelowOneIsRefusedByName() {
        assertThatThrownBy(() -> comparison().maxThreadsRunning(0).run()).isExactlyInstanceOf(TandemConfigurationException.class)
                .hasMessage("maxThreadsRunning must be at least 1, not 0");
    }

    @Test
    void aNegativeOrMissingReplicaLagIsRefused() {
        assertThatThrownBy(() -> comparison().maxReplicaLag(Duration.ofSeconds(-1)).run())
                .isExactlyInstanceOf(TandemConfigurationException.class)
                .hasMessage("maxReplicaLag must not be negative, not PT-1S");
        assertThatThrownBy(() -> comparison().maxReplicaLag(null).run())
                .isExactlyInstanceOf(TandemConfigurationException.class)
                .hasMessage("maxReplicaLag must not be null");
    }

    @Test
    void aNullSignalIsRefusedAndEveryProblemIsNamedAtOnce() {
        assertThatThrownBy(() -> comparison().throttle(null).maxThreadsRunning(-3).differencesShown(-1).run())
                .isInstanceOfSatisfying(TandemConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "differencesShown must not be negative, not -1", "maxThreadsRunning must be at least 1, not -3",
                        "throttle was given null"));
    }
}
