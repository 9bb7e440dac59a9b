package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.MoveProblem;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The events prepare warns of: those whose definer writes through read_only (on MariaDB, an account holding
 * READ ONLY ADMIN), since an event runs as its definer. The embedded MariaDB of the tests starts with its
 * event scheduler disabled, where no event runs and none can be listed, so the choice is tested here. And the
 * GTID modes prepare refuses, which the tests' servers, OFF alike, do not have.
 */
class MoveServerCheckTest {

    @Test
    void theEventsOfAnAccountThatWritesThroughReadOnlyAreNamed() {
        List<List<String>> events = List.of(List.of("e_count", "shopapp"), List.of("e_purge", "shopadmin"),
                List.of("e_rollup", "root"));

        assertThat(MoveServerCheck.definedBy(events, Set.of("shopadmin", "root")))
                .containsExactly("e_purge (of 'shopadmin')", "e_rollup (of 'root')");
        assertThat(MoveServerCheck.definedBy(events, Set.of())).isEmpty();
    }

    private static ServerFacts mySql(String gtidMode) {
        return new ServerFacts(false, "8.0.31", java.util.Map.of("gtid_mode", gtidMode));
    }

    @Test
    void gtidsOnOneServerAndOffOnTheOtherAreRefusedEitherWay() {
        assertThat(MoveServerCheck.gtidModes(mySql("OFF"), mySql("ON"))).get().extracting(MoveProblem::what).asString()
                .startsWith("gtid_mode is ON on the target and OFF on the source");
        assertThat(MoveServerCheck.gtidModes(mySql("ON"), mySql("OFF"))).isPresent();
        assertThat(MoveServerCheck.gtidModes(mySql("ON"), mySql("ON"))).isEmpty();
        assertThat(MoveServerCheck.gtidModes(mySql("OFF"), mySql("OFF_PERMISSIVE"))).isEmpty();
        assertThat(MoveServerCheck.gtidModes(mySql("ON"), mySql("ON_PERMISSIVE"))).isEmpty();
        assertThat(MoveServerCheck.gtidModes(new ServerFacts(true, "11.4.5", java.util.Map.of()), mySql("ON"))).isEmpty();
    }
}
