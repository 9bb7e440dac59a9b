package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class JdbcConnectionLostTest {

    @Test
    void aConnectionClassStateAnIoCauseOrAKilledSessionIsALostConnection() {
        assertThat(Jdbc.connectionLost(new SQLException("Communications link failure", "08S01"))).isTrue();
        assertThat(Jdbc.connectionLost(new SQLException("Connection was killed", "70100", 1927))).isTrue();
        assertThat(Jdbc.connectionLost(new SQLException("read failed", null, 0, new EOFException("unexpected end")))).isTrue();
        SQLException step = new SQLException("Query execution was interrupted", "70100", 1317);
        step.addSuppressed(new SQLException("No operations allowed after connection closed.", "08003"));
        assertThat(Jdbc.connectionLost(step)).as("the rollback after it found the connection closed").isTrue();
    }

    @Test
    void theServersAnswerIsNoLostConnection() {
        assertThat(Jdbc.connectionLost(new SQLException("Duplicate entry '1' for key 'PRIMARY'", "23000", 1062))).isFalse();
        assertThat(Jdbc.connectionLost(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).isFalse();
        assertThat(Jdbc.connectionLost(new IllegalStateException("no state"))).isFalse();
    }
}
