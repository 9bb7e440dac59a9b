package dev.tandem.mysql.internal.move;

import dev.tandem.MoveProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MoveDirectionTest {

    private static ServerFacts mariaDb(String version) {
        return new ServerFacts(true, version + "-MariaDB-log", Map.of());
    }

    private static ServerFacts mySql(String version) {
        return new ServerFacts(false, version, Map.of());
    }

    @Test
    void anUpgradeToTheNextLongTermReleaseOrTheSameVersionIsAllowed() {
        assertThat(MoveDirection.check(mariaDb("10.11.5"), mariaDb("11.4.5"))).isEmpty();
        assertThat(MoveDirection.check(mariaDb("11.4.5"), mariaDb("11.4.5"))).isEmpty();
        assertThat(MoveDirection.check(mySql("8.0.31"), mySql("8.0.36"))).isEmpty();
        assertThat(MoveDirection.check(mySql("8.0.31"), mySql("8.4.2"))).isEmpty();
    }

    @Test
    void aDowngradeAcrossReleaseSeriesAndAChangeOfFlavorAreRefused() {
        assertThat(MoveDirection.check(mariaDb("11.4.5"), mariaDb("10.11.5"))).hasValueSatisfying(p -> {
            assertThat(p.severity()).isEqualTo(MoveProblem.Severity.ERROR);
            assertThat(p.what()).contains("older release series");
        });
        assertThat(MoveDirection.check(mySql("8.4.2"), mySql("8.0.31"))).hasValueSatisfying(p ->
                assertThat(p.severity()).isEqualTo(MoveProblem.Severity.ERROR));
        assertThat(MoveDirection.check(mariaDb("10.11.5"), mySql("8.0.31"))).hasValueSatisfying(p ->
                assertThat(p.what()).contains("do not replicate to each other"));
    }

    @Test
    void anOlderPatchReleaseOrASkippedLongTermReleaseIsAWarning() {
        assertThat(MoveDirection.check(mySql("8.0.36"), mySql("8.0.31"))).hasValueSatisfying(p ->
                assertThat(p.severity()).isEqualTo(MoveProblem.Severity.WARNING));
        assertThat(MoveDirection.check(mariaDb("10.6.12"), mariaDb("11.4.5"))).hasValueSatisfying(p ->
                assertThat(p.what()).contains("skips a long-term release"));
    }

    @Test
    void replicationBackToTheOlderServerIsAllowedWithAWarning() {
        assertThat(MoveDirection.checkBack(mariaDb("11.4.5"), mariaDb("10.11.5"))).hasValueSatisfying(p ->
                assertThat(p.severity()).isEqualTo(MoveProblem.Severity.WARNING));
        assertThat(MoveDirection.checkBack(mySql("8.0.31"), mySql("8.0.31"))).isEmpty();
    }
}
