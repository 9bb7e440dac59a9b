package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void aStoppedLedgerHandsOutNothingMore() throws SQLException {
        ledger.take(null, 10);
        ledger.stop();
        assertThat(ledger.take(null, 10)).isNull();
    }
}
