package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.GateVerdict;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import dev.tandem.TableNames;
import dev.tandem.TandemStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the read commands say about a schema by the tables it lacks; no database needed. */
class NotRunYetTest {

    private static final TableNames DEFAULT = TableNames.withPrefix(TableNames.DEFAULT_PREFIX);
    private static final List<String> NONE_YET = List.of("tandem_migrations", "tandem_instances", "tandem_backfill",
            "flyway_schema_history");

    private static TandemStatus status(List<String> missingTables, MigrationState... states) {
        List<MigrationStatus> migrations = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            migrations.add(new MigrationStatus(String.valueOf(i + 1), "", "", states[i], true, null, 0, null, null, null,
                    GateVerdict.closed(List.of()), GateVerdict.closed(List.of())));
        }
        return new TandemStatus(migrations, List.of(), List.of(), missingTables);
    }

    @Test
    void onAnUntouchedSchemaNothingIsApplied() {
        assertThat(NotRunYet.migrations(status(NONE_YET, MigrationState.PENDING), DEFAULT, ".")).contains(
                "Tandem has not run on this schema yet: no tandem_migrations table. Nothing is applied.");
        assertThat(NotRunYet.instances(status(NONE_YET), DEFAULT)).contains(
                "Tandem has not run on this schema yet: no tandem_instances table, so no instance has registered.");
    }

    @Test
    void onASchemaFlywayManagedWhatItsHistoryRecordsIsApplied() {
        TandemStatus flywayOnly = status(NONE_YET.subList(0, 3), MigrationState.COMPLETED, MigrationState.PENDING);
        assertThat(NotRunYet.migrations(flywayOnly, DEFAULT, "; `tandem plan` shows what would run.")).contains(
                "Tandem has not run on this schema yet: no tandem_migrations table. Only what Flyway's history records"
                        + " is applied; `tandem plan` shows what would run.");
    }

    @Test
    void onceTandemRanThereIsNothingToSay() {
        assertThat(NotRunYet.migrations(status(List.of(), MigrationState.READY), DEFAULT, ".")).isEmpty();
        assertThat(NotRunYet.instances(status(List.of("tandem_backfill")), DEFAULT)).isEmpty();
    }

    @Test
    void theTablesAreNamedWithTheirPrefix() {
        TableNames prefixed = TableNames.withPrefix("tdm_");
        List<String> noneYet = List.of("tdm_migrations", "tdm_instances", "tdm_backfill", "flyway_schema_history");
        assertThat(NotRunYet.migrations(status(noneYet, MigrationState.PENDING), prefixed, ".")).contains(
                "Tandem has not run on this schema yet: no tdm_migrations table. Nothing is applied.");
        assertThat(NotRunYet.instances(status(noneYet), prefixed)).contains(
                "Tandem has not run on this schema yet: no tdm_instances table, so no instance has registered.");
        assertThat(NotRunYet.migrations(status(NONE_YET.subList(3, 4), MigrationState.READY), prefixed, "."))
                .as("only the default names are missing: Tandem ran under the prefix").isEmpty();
    }
}
