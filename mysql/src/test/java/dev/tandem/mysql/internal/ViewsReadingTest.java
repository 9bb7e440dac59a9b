package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsReadingTest {

    private static final List<List<String>> VIEWS = List.of(
            Arrays.asList("totals", "select `o`.`id` AS `id`,`o`.`total` AS `total` from `shop`.`orders` `o`"),
            Arrays.asList("ids", "select `shop`.`orders`.`id` AS `id` from `shop`.`orders`"),
            Arrays.asList("line_totals", "select `l`.`total` AS `total` from `shop`.`order lines` `l`"),
            Arrays.asList("hidden", null));

    @Test
    void aViewIsNamedWhereItsDefinitionNamesTheTableAndTheColumnQuoted() {
        assertThat(ViewsReading.reading(VIEWS, "orders", "total")).containsExactly("totals");
        assertThat(ViewsReading.reading(VIEWS, "Orders", null)).as("names without case").containsExactly("totals", "ids");
        assertThat(ViewsReading.reading(VIEWS, "order lines", "TOTAL")).containsExactly("line_totals");
        assertThat(ViewsReading.reading(VIEWS, "order", null)).as("a quoted name, not a part of one").isEmpty();
    }
}
