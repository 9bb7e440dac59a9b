package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import dev.tandem.internal.engine.SoundConnectionsStay;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A refused ALGORITHM or LOCK clause leaves the connection sound; other failures are the pool's to judge. */
class RefusalKeepsConnectionTest {

    @Test
    void onlyTheRefusalOfAnOnlineDdlClauseVouchesForTheConnection() {
        MySqlDialect dialect = new MySqlDialect();

        assertThat(dialect.connectionSurvives(new SQLException("ALGORITHM=INSTANT is not supported", "0A000", 1846)))
                .isTrue();
        assertThat(dialect.connectionSurvives(new SQLException("Communications link failure", "08S01"))).isFalse();
        assertThat(dialect.connectionSurvives(new SQLException("no state"))).isFalse();
    }

    @Test
    void tandemsPoolFindsThisDialectOnTheClassPathAndKeepsARefusedConnection() {
        SoundConnectionsStay override = SoundConnectionsStay.forDialectsOn(getClass().getClassLoader());

        assertThat(override.adjudicate(new SQLException("refused", RefusalKeepsConnection.FEATURE_NOT_SUPPORTED)))
                .isEqualTo(Override.DO_NOT_EVICT);
        assertThat(override.adjudicate(new SQLException("deadlock", "40001"))).isEqualTo(Override.CONTINUE_EVICT);
    }
}
