package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HashIndexStallTest {

    @Test
    void theTableAStatementHoldsIsFoundInEachFormThatMayReloadIt() {
        assertThat(HashIndexStall.tableHeldBy("ALTER TABLE orders ADD COLUMN note TEXT")).contains("orders");
        assertThat(HashIndexStall.tableHeldBy("  alter online ignore table `my ``odd`` table` DROP COLUMN x")).contains("my `odd` table");
        assertThat(HashIndexStall.tableHeldBy("RENAME TABLE orders TO _tandem_1_orders_old, _tandem_1_orders_copy TO orders"))
                .contains("orders");
        assertThat(HashIndexStall.tableHeldBy("CREATE TRIGGER `trg on x` AFTER UPDATE ON `orders` FOR EACH ROW SET @a = 1"))
                .contains("orders");
        assertThat(HashIndexStall.tableHeldBy("CREATE DEFINER=`app`@`%` TRIGGER IF NOT EXISTS t_ins BEFORE INSERT ON orders"
                + " FOR EACH ROW SET NEW.b = NEW.a")).contains("orders");
        assertThat(HashIndexStall.tableHeldBy("CREATE UNIQUE INDEX idx_on ON orders (a)")).contains("orders");
    }

    @Test
    void statementsThatReloadNoTableOrAnotherSchemasAreLeftAlone() {
        assertThat(HashIndexStall.tableHeldBy("DROP TRIGGER t_ins")).isEmpty();
        assertThat(HashIndexStall.tableHeldBy("CREATE TABLE orders_copy LIKE orders")).isEmpty();
        assertThat(HashIndexStall.tableHeldBy("UPDATE orders SET a = 1")).isEmpty();
        assertThat(HashIndexStall.tableHeldBy("ALTER TABLE other.orders ADD COLUMN x INT")).isEmpty();
        assertThat(HashIndexStall.tableHeldBy("ALTER TABLE `other`.`orders` ADD COLUMN x INT")).isEmpty();
        assertThat(HashIndexStall.tableHeldBy("ALTER TABLE `a.b` ADD COLUMN x INT")).contains("a.b");
    }

    @Test
    void aTableUnderTheThresholdIsNotWorthAWarning() {
        assertThat(HashIndexStall.warning("orders", HashIndexStall.WARN_FROM_ROWS - 1, HashIndexStall.WARN_FROM_ROWS)).isEmpty();
    }

    @Test
    void theWarningNamesTheTableTheWaitItMayCostAndTheFix() {
        Optional<String> warning = HashIndexStall.warning("orders", 10_000_000, HashIndexStall.WARN_FROM_ROWS);
        assertThat(warning).hasValueSatisfying(w -> assertThat(w)
                .contains("orders holds about 10,000,000 rows")
                .contains("about 350-650 ms")
                .contains("SET GLOBAL innodb_adaptive_hash_index = OFF"));
    }
}
