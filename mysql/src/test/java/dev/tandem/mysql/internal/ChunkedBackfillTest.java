package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a backfill is known by in its checkpoint. */
class ChunkedBackfillTest {

    @Test
    void aCheckpointIsIdentifiedByMigrationTableAndAssignment() {
        ChunkedBackfill.Target target = ChunkedBackfill.Target.of("2", "customers", "display", "UPPER(name)");
        assertThat(target).isEqualTo(new ChunkedBackfill.Target("2:customers:`display` = (UPPER(name))", "2",
                "customers.display"));
    }

    @Test
    void aLongAssignmentIsCutSoTheIdFitsItsColumn() {
        String id = ChunkedBackfill.Target.of("2", "customers", "display", "x".repeat(500)).id();
        assertThat(id).hasSize("2:customers:".length() + ChunkedBackfill.ID_ASSIGNMENT_CHARS)
                .startsWith("2:customers:`display` = (xxx");
    }
}
