package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The events prepare warns of: those whose definer writes through read_only (on MariaDB, an account holding
 * READ ONLY ADMIN), since an event runs as its definer. The embedded MariaDB of the tests starts with its
 * event scheduler disabled, where no event runs and none can be listed, so the choice is tested here.
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
}
