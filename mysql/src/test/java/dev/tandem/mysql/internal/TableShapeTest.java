package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The columns of Tandem's tables, read from the statements that create them. */
class TableShapeTest {

    @Test
    void readsTheColumnsOfEachOfTandemsTables() {
        assertThat(TableShape.columns(MySqlStateStore.create("t"))).containsExactly("version", "description", "script",
                "checksum", "state", "phase", "steps_done", "step_started", "failure", "applied_by", "expanded_by",
                "expanded_at", "contracted_at", "updated_at");
        assertThat(TableShape.columns(MySqlFleetStore.create("t"))).as("the KEY is not a column").containsExactly(
                "instance_id", "app_version", "host", "pid", "known_versions", "highest_known", "ttl_seconds",
                "started_at", "heartbeat_at");
        assertThat(TableShape.columns(BackfillCheckpoints.create("t"))).containsExactly("id", "migration", "target",
                "cursor_key", "min_key", "max_key", "rows_done", "rows_estimate", "chunk_size", "rows_per_second",
                "verified_at", "started_at", "updated_at");
    }

    @Test
    void skipsKeysAndConstraintsAndKeepsCommasInsideTypes() {
        assertThat(TableShape.columns("CREATE TABLE IF NOT EXISTS x (`a` DECIMAL(10,2) NOT NULL, b ENUM('p','q'),"
                + " PRIMARY KEY (a, b), UNIQUE KEY u (b), key k (a), CONSTRAINT c CHECK (a > 0), INDEX i (a, b),"
                + " c INT) ENGINE=InnoDB")).containsExactly("a", "b", "c");
    }

    @Test
    void whatIsMissingIsComparedWithoutCaseAndExtraColumnsDoNotCount() {
        assertThat(TableShape.missing(List.of("id", "migration", "target"), List.of("ID", "Target",
                "note"))).containsExactly("migration");
        assertThat(TableShape.missing(List.of("id"), List.of("id", "extra"))).isEmpty();
    }
}
