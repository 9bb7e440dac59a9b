package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.mysql.internal.TriggerReads.Trigger;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerReadsTest {

    private static final List<Trigger> TRIGGERS = List.of(
            new Trigger("orders_audit", "orders", "INSERT INTO audit (what) VALUES (CONCAT('total ', new . `Total`))"),
            new Trigger("orders_note", "orders", "SET NEW.note = UPPER(NEW.note)"),
            new Trigger("orders_said", "orders", "INSERT INTO audit (what) VALUES ('NEW.total is not read here')"),
            new Trigger("lines_sum", "lines", "UPDATE orders SET total = total + NEW.qty WHERE id = NEW.order_id"),
            new Trigger("orders_totals", "orders", "SET NEW.note = NEW.total_text"));

    @Test
    void aTriggerOfTheTableReadsTheRowsColumnAsNewOrOld() {
        assertThat(TriggerReads.readingRow(TRIGGERS, "ORDERS", "total")).as("not NEW.total_text, nor in a string")
                .containsExactly("orders_audit");
        assertThat(TriggerReads.readingRow(TRIGGERS, "orders", "note")).as("setting NEW.note, too")
                .containsExactly("orders_note", "orders_totals");
        assertThat(TriggerReads.readingRow(TRIGGERS, "lines", "total")).as("another table's row").isEmpty();
    }

    @Test
    void otherTriggersThatNameTheTableAndColumnAreNamedToo() {
        assertThat(TriggerReads.naming(TRIGGERS, "orders", "total")).containsExactly("lines_sum");
        assertThat(TriggerReads.naming(TRIGGERS, "audit", null)).containsExactly("orders_audit", "orders_said");
        assertThat(TriggerReads.naming(TRIGGERS, "orders", null)).as("not the table's own").containsExactly("lines_sum");
    }
}
