package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointAgeSignalTest {

    @Test
    void mariaDbReportsTheAgeAndMySqlTheTwoLsnsItLiesBetween() throws SQLException {
        assertThat(CheckpointAgeSignal.age(Map.of("Innodb_checkpoint_age", 31_000_000L), true)).isEqualTo(31_000_000L);
        assertThat(CheckpointAgeSignal.age(Map.of("Innodb_redo_log_current_lsn", 950_000_000L,
                "Innodb_redo_log_checkpoint_lsn", 900_000_000L), false)).isEqualTo(50_000_000L);
    }

    @Test
    void aStatusTheServerDoesNotReportIsAnErrorNotAnAgeOfZero() {
        assertThatThrownBy(() -> CheckpointAgeSignal.age(Map.of("Innodb_redo_log_current_lsn", 5L), false))
                .isInstanceOf(SQLException.class).hasMessage("the server does not report Innodb_redo_log_checkpoint_lsn");
        assertThatThrownBy(() -> CheckpointAgeSignal.age(Map.of(), true))
                .isInstanceOf(SQLException.class).hasMessage("the server does not report Innodb_checkpoint_age");
    }

    @Test
    void itWaitsOnlyAboveTheLimit() {
        assertThat(CheckpointAgeSignal.reason(31_500_000, 31_457_280, 104_857_600)).contains("the redo log's checkpoint"
                + " age is 32 MB, above 31 MB (of its 105 MB): the server is writing out what was changed");
        assertThat(CheckpointAgeSignal.reason(31_457_280, 31_457_280, 104_857_600)).isEmpty();
        assertThat(CheckpointAgeSignal.reason(0, 31_457_280, 104_857_600)).isEmpty();
    }
}
