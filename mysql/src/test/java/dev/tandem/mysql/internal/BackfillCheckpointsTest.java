package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkpoints' statements, and how a checkpoint moves after a chunk. */
class BackfillCheckpointsTest {

    private static final BackfillCheckpoints.Checkpoint FIRST = new BackfillCheckpoints.Checkpoint("2:t:x", null,
            List.of("1"), List.of("1000"), 0, 100, BackfillChunker.FIRST_CHUNK);

    @Test
    void eachStatementAddressesOneCheckpointById() {
        assertThat(BackfillCheckpoints.discardSql("`tb`")).isEqualTo("DELETE FROM `tb` WHERE id = ?");
        assertThat(BackfillCheckpoints.loadSql("`tb`"))
                .isEqualTo("SELECT cursor_key, max_key, rows_done, rows_estimate, chunk_size, min_key FROM `tb` WHERE id = ?");
        assertThat(BackfillCheckpoints.saveSql("`tb`")).isEqualTo("UPDATE `tb` SET cursor_key = ?, rows_done = ?,"
                + " chunk_size = ?, rows_per_second = ?, rows_estimate = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?");
        assertThat(BackfillCheckpoints.markVerifiedSql("`tb`"))
                .isEqualTo("UPDATE `tb` SET verified_at = UTC_TIMESTAMP(3), updated_at = UTC_TIMESTAMP(3) WHERE id = ?");
    }

    @Test
    void aNewCheckpointStartsWithNoCursorAndNoRows() {
        assertThat(BackfillCheckpoints.beginSql("`tb`")).isEqualTo("INSERT INTO `tb` (id, migration, target, cursor_key,"
                + " min_key, max_key, rows_done, rows_estimate, chunk_size, started_at, updated_at) VALUES (?, ?, ?, NULL, ?,"
                + " ?, 0, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");
        assertThat(TableShape.columns(BackfillCheckpoints.create("`tb`"))).contains("cursor_key", "rows_done", "verified_at");
    }

    @Test
    void aChunkMovesTheCursorAndCountsItsRows() {
        BackfillCheckpoints.Checkpoint at = FIRST.advance(List.of("40"), 30, 1_500, 0.04);
        assertThat(at).isEqualTo(new BackfillCheckpoints.Checkpoint("2:t:x", List.of("40"), List.of("1"), List.of("1000"),
                30, 100, 1_500));
    }

    @Test
    void anEstimateTheRowsDonePassIsRedrawnFromTheShareOfTheKeyRangeDone() {
        BackfillCheckpoints.Checkpoint at = FIRST.advance(List.of("250"), 150, 1_000, 0.25);
        assertThat(at.rowsEstimate()).as("150 rows in a quarter of the range").isEqualTo(600);
    }

    @Test
    void anEstimateTheRowsDonePassIsRaisedToThemWhereTheKeyDoesNotTell() {
        assertThat(FIRST.advance(List.of("m"), 150, 1_000, 0).rowsEstimate()).isEqualTo(150);
        assertThat(FIRST.advance(List.of("1000"), 150, 1_000, 1.0).rowsEstimate()).as("the whole range").isEqualTo(150);
    }
}
