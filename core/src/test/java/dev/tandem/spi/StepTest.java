package dev.tandem.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepTest {

    private static Step step(List<String> log, boolean fails) {
        return new Step() {
            @Override
            public String description() {
                return "V2__x.sql line 3: ALTER TABLE t ADD c INT";
            }

            @Override
            public String sql() {
                return "ALTER TABLE t ADD c INT";
            }

            @Override
            public void apply(StepContext context, boolean resumed) throws SQLException {
                log.add("step resumed=" + resumed);
                if (fails) {
                    throw new SQLException("refused");
                }
            }
        };
    }

    @Test
    void whatFollowsAStepRunsAfterItAndTheStepKeepsItsFace() throws SQLException {
        List<String> log = new ArrayList<>();
        Step followed = step(log, false).andThen(context -> log.add("after"));
        followed.apply(null, true);
        assertThat(log).containsExactly("step resumed=true", "after");
        assertThat(followed.description()).isEqualTo("V2__x.sql line 3: ALTER TABLE t ADD c INT");
        assertThat(followed.sql()).isEqualTo("ALTER TABLE t ADD c INT");
    }

    @Test
    void nothingFollowsAStepThatFailed() {
        List<String> log = new ArrayList<>();
        Step followed = step(log, true).andThen(context -> log.add("after"));
        assertThatThrownBy(() -> followed.apply(null, false)).hasMessage("refused");
        assertThat(log).containsExactly("step resumed=false");
    }

    @Test
    void aStepsGuardsAloneRunEveryGuardAndNotTheStep() throws SQLException {
        List<String> log = new ArrayList<>();
        Step guarded = step(log, false).guardedBy(context -> log.add("inner guard")).andThen(context -> log.add("after"))
                .guardedBy(context -> log.add("outer guard"));

        Step guards = guarded.guardsOnly();
        guards.apply(null, false);

        assertThat(log).containsExactly("outer guard", "inner guard");
        assertThat(guards.description()).isEqualTo("V2__x.sql line 3: ALTER TABLE t ADD c INT");
    }

    @Test
    void aGuardThatRefusesRefusesAsTheGuardsAlone() {
        List<String> log = new ArrayList<>();
        Step guarded = step(log, false).guardedBy(context -> {
            throw new SQLException("a trigger reads the column");
        });
        assertThatThrownBy(() -> guarded.guardsOnly().apply(null, false)).hasMessage("a trigger reads the column");
        assertThat(log).isEmpty();
    }

    @Test
    void aStepWithoutAGuardChecksNothing() throws SQLException {
        List<String> log = new ArrayList<>();
        step(log, true).andThen(context -> log.add("after")).guardsOnly().apply(null, false);
        assertThat(log).isEmpty();
    }
}
