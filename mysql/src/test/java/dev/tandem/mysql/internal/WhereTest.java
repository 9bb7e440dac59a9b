package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.spi.OperationSpec;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The "where" every step description and refusal of an operation starts with: tests elsewhere match it. */
class WhereTest {

    /** A spec that knows only its script and line, which is all a {@link Where} reads. */
    private static final OperationSpec SPEC = (OperationSpec) Proxy.newProxyInstance(WhereTest.class.getClassLoader(),
            new Class<?>[] {OperationSpec.class}, (proxy, method, args) -> switch (method.getName()) {
                case "script" -> "V2__orders.yaml";
                case "line" -> 4;
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void aColumnIsTableDotColumn() {
        assertThat(Where.column(SPEC, "add_column", "orders", "total").text())
                .isEqualTo("V2__orders.yaml line 4: add_column orders.total");
    }

    @Test
    void aNamedObjectIsNameOnTable() {
        assertThat(Where.named(SPEC, "create_index", "orders_total", "orders").text())
                .isEqualTo("V2__orders.yaml line 4: create_index orders_total on orders");
    }

    @Test
    void anyOtherSubjectAsWrittenAndToStringIsTheText() {
        Where where = Where.of(SPEC, "rename_table", "orders to purchases");
        assertThat(where).hasToString("V2__orders.yaml line 4: rename_table orders to purchases");
        assertThat(where.line()).isEqualTo(4);
    }
}
