package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint of a fill whose chunks commit out of order: its cursor moves only past chunks committed
 * with every chunk before them, so a resumed run never skips a chunk that was not committed.
 */
class ChunkLedgerTest {

    /** The checkpoints each test's ledger saved, in order. */
    private final List<BackfillCheckpoints.Checkpoint> saved = new ArrayList<>();
    private final ChunkLedger ledger = ledger();

    /** Chunks of ten keys along 0..40, each ending at the next multiple of ten. */
    private static ChunkLedger ledger() {
        BackfillCheckpoints.Checkpoint start = new BackfillCheckpoints.Checkpoint("id", null, List.of("0"), List.of("40"), 0,
                40, 10);
        long[] cut = {0};
        return new ChunkLedger((c, size) -> {
            List<String> cursor = cut[0] == 0 ? null : List.of(String.valueOf(cut[0]));
            cut[0] += 10;
            return new BackfillChunker.Chunk(cursor, List.of(String.valueOf(cut[0])), cut[0] == 40);
        }, cursor -> Double.parseDouble(cursor.get(0)) / 40, start);
    }

    private List<String> committed(ChunkLedger.Taken taken) throws SQLException {
        return ledger.committed(taken, 10, 10, saved::add).cursor();
    }

    @Test
    void inSequenceEachChunkMovesTheCursorToItsEnd() throws SQLException {
        for (int end = 10; end <= 40; end += 10) {
            assertThat(committed(ledger.take(null, 10))).containsExactly(String.valueOf(end));
        }
        assertThat(ledger.take(null, 10)).as("all handed out").isNull();
        assertThat(ledger.at().rowsDone()).isEqualTo(40);
    }

    @Test
    void aChunkCommittedAheadOfAnOpenOneLeavesTheCursorWhereItWas() throws SQLException {
        ChunkLedger.Taken first = ledger.take(null, 10);
        ChunkLedger.Taken second = ledger.take(null, 10);
        ChunkLedger.Taken third = ledger.take(null, 10);
        assertThat(committed(third)).as("nothing committed below it").isNull();
        assertThat(committed(second)).isNull();
        assertThat(saved.get(1).rowsDone()).as("its rows count once the cursor passes them: a resumed run writes them"
                + " again").isZero();
        assertThat(committed(first)).as("the three in sequence now").containsExactly("30");
        assertThat(ledger.at().rowsDone()).isEqualTo(30);
        ChunkLedger.Taken last = ledger.take(null, 10);
        assertThat(last.chunk().cursor()).containsExactly("30");
        assertThat(committed(last)).containsExactly("40");
        assertThat(saved).extracting(BackfillCheckpoints.Checkpoint::cursor)
                .containsExactly(null, null, List.of("30"), List.of("40"));
    }

    /**
     * Every chunk handed out, one of them never committed (its writer's thread died of an Error, unseen): the fill
     * is not complete, and nothing after it (the verification's mark, the swap) may run.
     */
    @Test
    void aChunkHandedOutAndNeverCommittedLeavesTheFillIncomplete() throws SQLException {
        List<ChunkLedger.Taken> taken = new ArrayList<>();
        for (ChunkLedger.Taken next = ledger.take(null, 10); next != null; next = ledger.take(null, 10)) {
            taken.add(next);
        }
        committed(taken.get(0));
        committed(taken.get(2));
        committed(taken.get(3));
        assertThat(ledger.complete()).as("the second chunk is not committed").isFalse();
        committed(taken.get(1));
        assertThat(ledger.complete()).isTrue();
    }

    @Test
    void aGapInTheMiddleHoldsTheCursorBelowIt() throws SQLException {
        ChunkLedger.Taken first = ledger.take(null, 10);
        ChunkLedger.Taken second = ledger.take(null, 10);
        ChunkLedger.Taken third = ledger.take(null, 10);
        assertThat(committed(first)).containsExactly("10");
        assertThat(committed(third)).as("the second is still open").containsExactly("10");
        assertThat(committed(second)).containsExactly("30");
        assertThat(ledger.at().rowsDone()).isEqualTo(30);
    }

    @Test
    void aCommitThatFailsMovesNothing() throws SQLException {
        ChunkLedger.Taken first = ledger.take(null, 10);
        assertThatThrownBy(() -> ledger.committed(first, 10, 10, at -> {
            throw new SQLException("lost connection");
        })).hasMessage("lost connection");
        assertThat(ledger.at().cursor()).isNull();
        assertThat(committed(first)).as("tried again").containsExactly("10");
    }

    /**
     * A writer cutting the next chunk may wait on the server for a writer that has written its own and must commit
     * first (its bound read queued for the table's metadata lock behind a DDL statement, which waits for the
     * transaction of the chunk written): the commit must not wait for the cut, or the three wait for one another
     * until the read's lock wait runs out, and the fill fails.
     */
    @Test
    void aChunkCommitsWhileAnotherWriterCutsTheNext() throws Exception {
        CountDownLatch secondCutting = new CountDownLatch(1);
        CountDownLatch firstCommitted = new CountDownLatch(1);
        long[] cut = {0};
        ChunkLedger waiting = new ChunkLedger((c, size) -> {
            if (cut[0] == 10) {
                secondCutting.countDown();
                try {
                    if (!firstCommitted.await(5, TimeUnit.SECONDS)) {
                        throw new SQLException("Lock wait timeout exceeded; try restarting transaction");
                    }
                } catch (InterruptedException e) {
                    throw new SQLException(e);
                }
            }
            List<String> cursor = cut[0] == 0 ? null : List.of(String.valueOf(cut[0]));
            cut[0] += 10;
            return new BackfillChunker.Chunk(cursor, List.of(String.valueOf(cut[0])), cut[0] == 20);
        }, cursor -> Double.parseDouble(cursor.get(0)) / 20,
                new BackfillCheckpoints.Checkpoint("id", null, List.of("0"), List.of("20"), 0, 20, 10));
        ChunkLedger.Taken first = waiting.take(null, 10);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<ChunkLedger.Taken> second = other.submit(() -> waiting.take(null, 10));
            assertThat(secondCutting.await(10, TimeUnit.SECONDS)).as("the other writer cutting").isTrue();
            waiting.committed(first, 10, 10, at -> firstCommitted.countDown());
            assertThat(second.get(10, TimeUnit.SECONDS).chunk().cursor()).as("cut once the first committed")
                    .containsExactly("10");
            assertThat(waiting.at().cursor()).containsExactly("10");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aStoppedLedgerHandsOutNothingMore() throws SQLException {
        ledger.take(null, 10);
        ledger.stop();
        assertThat(ledger.take(null, 10)).isNull();
    }
}
