package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The replica check's statements per flavor and version, and the consistency sentences; no server. */
class CompareReplicationTest {

    @Test
    void theSourcesBinaryLogPositionIsAskedForByTheNameItsServerKnows() {
        assertThat(CompareReplication.binaryLogStatus(false, "8.0.31")).isEqualTo("SHOW MASTER STATUS");
        assertThat(CompareReplication.binaryLogStatus(false, "8.2.0")).isEqualTo("SHOW BINARY LOG STATUS");
        assertThat(CompareReplication.binaryLogStatus(false, "8.4.3")).isEqualTo("SHOW BINARY LOG STATUS");
        assertThat(CompareReplication.binaryLogStatus(true, "11.4.5-MariaDB-log")).isEqualTo("SHOW MASTER STATUS");
    }

    @Test
    void theReplicaWaitsWithTheFunctionItsServerHas() {
        assertThat(CompareReplication.positionWait(false, "8.0.25")).isEqualTo("SELECT MASTER_POS_WAIT(?, ?, ?, ?)");
        assertThat(CompareReplication.positionWait(false, "8.0.26")).isEqualTo("SELECT SOURCE_POS_WAIT(?, ?, ?, ?)");
        assertThat(CompareReplication.positionWait(false, "9.1.0")).isEqualTo("SELECT SOURCE_POS_WAIT(?, ?, ?, ?)");
        assertThat(CompareReplication.positionWait(true, "11.4.5-MariaDB")).isEqualTo("SELECT MASTER_POS_WAIT(?, ?, ?, ?)");
    }

    @Test
    void versionsCompareByNumberNotByText() {
        assertThat(CompareReplication.atLeast("8.0.31", 8, 0, 26)).isTrue();
        assertThat(CompareReplication.atLeast("8.0.9", 8, 0, 26)).isFalse();
        assertThat(CompareReplication.atLeast("10.0.0", 8, 2, 0)).isTrue();
        assertThat(CompareReplication.atLeast("8.1.99-log", 8, 2, 0)).isFalse();
        assertThatThrownBy(() -> CompareReplication.atLeast("eight", 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConsistencySentenceNamesTheCaseThatApplied() {
        CompareReplication.Position position = new CompareReplication.Position("binlog.000002", 4711);
        assertThat(CompareConsistency.replica(position, null, 2)).isEqualTo("replica of the source: differences re-checked"
                + " after the replica caught up to the source's binary log position binlog.000002:4711, 2 round(s)");
        assertThat(CompareConsistency.replica(null, null, 0)).startsWith("replica of the source: no row differed");
        assertThat(CompareConsistency.replica(position, position, 3)).startsWith("replica of the source, but it did not apply"
                + " the source's binary log position binlog.000002:4711 within 60 s");
        assertThat(CompareConsistency.independent(null)).isEqualTo("independent servers (or schemas): compared as of now;"
                + " differences re-checked once; rows written during the comparison may still show");
        assertThat(CompareConsistency.independent("Access denied")).endsWith(
                "(whether the target replicates from the source is unknown: Access denied)");
    }
}
