package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What stands in the way of copying a table. */
class CopySafetyTest {

    private static final TableStorage INNODB = new TableStorage("InnoDB", false);
    private static final List<IndexInfo> PRIMARY = List.of(new IndexInfo("PRIMARY", true,
            List.of(new IndexInfo.Part("id", null, false))));

    @Test
    void aPlainInnoDbTableWithAPrimaryKeyAndOnlyItsOwnTriggersCanBeCopied() {
        assertThat(CopySafety.problems(INNODB, PRIMARY, List.of(), List.of(new TriggerInfo("_tandem_2_t_c_BI", "INSERT",
                "BEFORE", 1)), Set.of("_tandem_2_t_c_bi"), List.of())).isEmpty();
    }

    @Test
    void everyObstacleIsNamed() {
        List<String> problems = CopySafety.problems(new TableStorage("MyISAM", true),
                List.of(new IndexInfo("email", true, List.of(new IndexInfo.Part("email", null, false)))),
                List.of(new ForeignKeyInfo("fk_orders_customer", "orders", List.of("customer_id"), "customers", List.of("id"))),
                List.of(new TriggerInfo("audit", "UPDATE", "AFTER", 1)), Set.of(), List.of("customers_chk_1"));
        assertThat(problems).hasSize(6);
        assertThat(String.join("\n", problems)).contains("MyISAM", "partitioned", "no primary key",
                "fk_orders_customer (orders references customers)", "(audit)", "CHECK constraints (customers_chk_1)");
    }
}
