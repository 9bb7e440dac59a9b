package dev.tandem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Tandem's pool keeps what the dialect vouches for and leaves everything else to HikariCP. */
class SoundConnectionsStayTest {

    @Test
    void aFailureTheDialectVouchesForKeepsTheConnection() {
        SoundConnectionsStay override = new SoundConnectionsStay(e -> "0A000".equals(e.getSQLState()));

        assertThat(override.adjudicate(new SQLException("refused", "0A000"))).isEqualTo(Override.DO_NOT_EVICT);
        assertThat(override.adjudicate(new SQLException("link failure", "08S01"))).isEqualTo(Override.CONTINUE_EVICT);
    }

    @Test
    void withoutADialectOnTheClassPathHikariJudgesAlone() {
        SoundConnectionsStay override = SoundConnectionsStay.forDialectsOn(getClass().getClassLoader());

        assertThat(override.adjudicate(new SQLException("refused", "0A000"))).isEqualTo(Override.CONTINUE_EVICT);
    }
}
