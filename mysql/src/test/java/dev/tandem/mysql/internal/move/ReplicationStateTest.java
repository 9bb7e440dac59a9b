package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which server a replica replicates from, as a cut-over decides whether to wait for its catch-up. The
 * receiver's view of its source's server_id is 0 until it connects after a restart (or a new source), which the
 * tests' servers do not restart to show.
 */
class ReplicationStateTest {

    private static final long SOURCE_ID = 7;

    private static ReplicationState replicating(String source, long sourceId) {
        return new ReplicationState(true, source, sourceId, false, false, null, "", null, "");
    }

    @Test
    void aReplicaIsFromTheSourceByTheAddressConfiguredOrByTheIdItSaw() {
        assertThat(replicating("old-db:3306", 0).from("old-db:3306", SOURCE_ID)).isTrue();
        assertThat(replicating("10.0.0.5:3306", SOURCE_ID).from("old-db:3306", SOURCE_ID)).as("another spelling").isTrue();
        assertThat(replicating("other-db:3306", 9).from("old-db:3306", SOURCE_ID)).as("another server").isFalse();
        assertThat(ReplicationState.none().from("old-db:3306", SOURCE_ID)).as("no replication").isFalse();
    }

    /**
     * A replica whose source is spelled otherwise and whose receiver has not connected since it restarted may be
     * replicating from the serving server: taken for one that does not, its catch-up was skipped and it was made
     * writable without the last writes of the old server.
     */
    @Test
    void aReplicaThatHasNotSeenItsSourceYetMayBeFromIt() {
        assertThat(replicating("10.0.0.5:3306", 0).from("old-db:3306", SOURCE_ID)).isTrue();
    }
}
