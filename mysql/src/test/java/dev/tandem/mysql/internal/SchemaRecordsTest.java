package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the checks conclude from the inspector's records of indexes and foreign keys. */
class SchemaRecordsTest {

    private static IndexInfo index(String name, boolean unique, IndexInfo.Part... parts) {
        return new IndexInfo(name, unique, List.of(parts));
    }

    private static IndexInfo.Part notNull(String column) {
        return new IndexInfo.Part(column, null, false);
    }

    @Test
    void aBackfillKeyIsUniqueOverNotNullColumns() {
        assertThat(index("PRIMARY", true, notNull("id")).isBackfillKey()).isTrue();
        assertThat(index("u", true, notNull("a"), new IndexInfo.Part("b", null, true)).isBackfillKey()).isFalse();
        assertThat(index("i", false, notNull("a")).isBackfillKey()).isFalse();
        assertThat(index("f", true, new IndexInfo.Part(null, null, false)).isBackfillKey())
                .as("only functional parts: nothing to walk by").isFalse();
        assertThat(index("f", true, new IndexInfo.Part(null, null, false)).isUniqueNotNull())
                .as("but nothing NULL-able either: InnoDB may cluster on it").isTrue();
    }

    @Test
    void anIndexLeadsWithTheKeysColumnsInOrderWithoutCase() {
        IndexInfo index = index("i", false, notNull("Customer_Id"), notNull("created"));
        assertThat(index.leadsWith(List.of("customer_id"))).isTrue();
        assertThat(index.leadsWith(List.of("customer_id", "created"))).isTrue();
        assertThat(index.leadsWith(List.of("created"))).isFalse();
        assertThat(index.leadsWith(List.of("customer_id", "created", "id"))).isFalse();
    }

    @Test
    void aForeignKeyInvolvesItsColumnsAsChildAndAsParent() {
        ForeignKeyInfo key = new ForeignKeyInfo("fk", "lines", List.of("order_id"), "orders", List.of("id"), "");
        assertThat(key.involves("lines", "ORDER_ID")).isTrue();
        assertThat(key.involves("orders", "id")).isTrue();
        assertThat(key.involves("orders", "order_id")).isFalse();
        assertThat(key.involves("lines", "id")).isFalse();
    }

    @Test
    void theShadowsIndexCopyKeepsPrefixesUniquenessAndTheOtherColumns() {
        IndexInfo index = index("by_email", true, new IndexInfo.Part("Email", "20", false), notNull("tenant"));
        assertThat(IndexCopies.copyOf(index, "email", "_tandem_email"))
                .isEqualTo("UNIQUE INDEX `_tandem_by_email` (`_tandem_email`(20), `tenant`)");
    }
}
