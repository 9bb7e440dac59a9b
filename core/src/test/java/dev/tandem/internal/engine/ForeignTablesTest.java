package dev.tandem.internal.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.TandemException;
import dev.tandem.spi.ForeignTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Tandem says when a table under its names is the application's. */
class ForeignTablesTest {

    private static final String WAY_OUT = "Nothing was changed. Rename %s, or give Tandem's tables other names:"
            + " tablePrefix(...) in the configuration, TANDEM_TABLE_PREFIX in the environment or --table-prefix on the"
            + " command line, the same for every node and command on this schema.";

    @Test
    void noForeignTableNoRefusal() {
        assertThatCode(() -> ForeignTables.refuse(List.of())).doesNotThrowAnyException();
    }

    @Test
    void namesTheTableWhatItHasWhatTandemExpectsAndTheWayOut() {
        ForeignTable backfill = new ForeignTable("shop", "tandem_backfill", List.of("id", "name"),
                List.of("id", "migration", "target"));
        assertThatThrownBy(() -> ForeignTables.refuse(List.of(backfill))).isInstanceOf(TandemException.class)
                .hasMessage("Table tandem_backfill in schema shop is not Tandem's: it has the columns (id, name), where"
                        + " Tandem expects (id, migration, target). " + WAY_OUT.formatted("that table"));
    }

    @Test
    void namesEveryForeignTable() {
        ForeignTable migrations = new ForeignTable("shop", "tandem_migrations", List.of("id"), List.of("version"));
        ForeignTable instances = new ForeignTable("shop", "tandem_instances", List.of("id"), List.of("instance_id"));
        assertThatThrownBy(() -> ForeignTables.refuse(List.of(migrations, instances)))
                .hasMessage("Table tandem_migrations in schema shop is not Tandem's: it has the columns (id), where"
                        + " Tandem expects (version). Table tandem_instances in schema shop is not Tandem's: it has the"
                        + " columns (id), where Tandem expects (instance_id). " + WAY_OUT.formatted("those tables"));
    }
}
