package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplacedTableTest {

    private static final String DROP = "DROP TABLE IF EXISTS `_tandem_7_customers_display_old`";

    @Test
    void saysItsSizeAsTheLogDoes() {
        assertThat(new ReplacedTable("_tandem_7_customers_display_old", 16_384, DROP))
                .hasToString("_tandem_7_customers_display_old (16 KiB, the server's estimate): " + DROP);
        assertThat(new ReplacedTable("_tandem_7_customers_display_old", 44_237_291_520L, DROP))
                .hasToString("_tandem_7_customers_display_old (41.2 GiB, the server's estimate): " + DROP);
    }

    @Test
    void theStatusForPeopleListsEachOne() {
        TandemStatus status = new TandemStatus(List.of(), List.of(), List.of(), List.of(),
                List.of(new ReplacedTable("_tandem_7_customers_display_old", 1_572_864, DROP)));
        assertThat(status.toString()).contains("replaced table _tandem_7_customers_display_old (2 MiB, the server's estimate): " + DROP);
        assertThat(new TandemStatus(List.of(), List.of(), List.of(), List.of()).replacedTables())
                .as("the constructor from before replaced tables were reported").isEmpty();
    }
}
