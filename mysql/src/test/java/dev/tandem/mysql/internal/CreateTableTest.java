package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CreateTableTest {

    @Test
    void aTemporaryTableIsTriedWithoutTheForeignKeysAndTheIndexesItCannotHave() {
        assertThat(CreateTable.triable(List.of(
                "id BIGINT AUTO_INCREMENT PRIMARY KEY",
                "customer_id BIGINT NOT NULL",
                "FOREIGN KEY (customer_id) REFERENCES customers (id)",
                "constraint audit_customer foreign key (customer_id) references customers (id) on delete cascade",
                "CONSTRAINT `audit order` FOREIGN KEY (order_id) REFERENCES orders (id)",
                "CONSTRAINT FOREIGN KEY (x) REFERENCES t (id)",
                "FULLTEXT INDEX audit_note (note)",
                "spatial key audit_place (place)",
                "INDEX audit_customer (customer_id)",
                "CONSTRAINT note_not_blank CHECK (note <> '')")))
                .containsExactly("id BIGINT AUTO_INCREMENT PRIMARY KEY", "customer_id BIGINT NOT NULL",
                        "INDEX audit_customer (customer_id)", "CONSTRAINT note_not_blank CHECK (note <> '')");
    }

    @Test
    void aColumnsOwnReferencesClauseIsCutOffOutsideQuotesOnly() {
        assertThat(CreateTable.withoutReferences("order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE"))
                .isEqualTo("order_id BIGINT NOT NULL");
        assertThat(CreateTable.withoutReferences("order_id BIGINT references orders(id)")).isEqualTo("order_id BIGINT");
        assertThat(CreateTable.withoutReferences("note VARCHAR(40) DEFAULT 'see REFERENCES' COMMENT \"REFERENCES \\\" x\""))
                .as("quoted, with an escaped quote").isEqualTo("note VARCHAR(40) DEFAULT 'see REFERENCES' COMMENT \"REFERENCES \\\" x\"");
        assertThat(CreateTable.withoutReferences("`references` INT")).as("a quoted name").isEqualTo("`references` INT");
        assertThat(CreateTable.withoutReferences("references_count INT NOT NULL")).as("a word that begins so")
                .isEqualTo("references_count INT NOT NULL");
        assertThat(CreateTable.withoutReferences("x INT COMMENT 'it''s' REFERENCES t (id)")).as("a doubled quote")
                .isEqualTo("x INT COMMENT 'it''s'");
    }

    @Test
    void theTablesForeignKeysReferenceInThisSchemaAreRead() {
        assertThat(CreateTable.references(List.of(
                "id BIGINT PRIMARY KEY",
                "customer_id BIGINT REFERENCES ignored (id)",
                "FOREIGN KEY (customer_id) REFERENCES customers (id)",
                "CONSTRAINT audit_order foreign key (order_id, line) references `order lines`(`order id`, line) ON DELETE CASCADE",
                "FOREIGN KEY (x) REFERENCES other_schema.t (id)",
                "FOREIGN KEY (parent_id) REFERENCES audit(id)",
                "FOREIGN KEY audit_owner(`owner id`) REFERENCES users (id)")))
                .containsExactly(new CreateTable.Reference(List.of("customer_id"), "customers", List.of("id")),
                        new CreateTable.Reference(List.of("order_id", "line"), "order lines", List.of("order id", "line")),
                        new CreateTable.Reference(List.of("parent_id"), "audit", List.of("id")),
                        new CreateTable.Reference(List.of("owner id"), "users", List.of("id")));
    }

    @Test
    void theFullTextAndSpatialIndexesAreRead() {
        assertThat(CreateTable.searchIndexes(List.of(
                "id BIGINT PRIMARY KEY",
                "FULLTEXT INDEX audit_note (note)",
                "fulltext key(title, `body text`) WITH PARSER ngram",
                "FULLTEXT `by words` (note)",
                "SPATIAL INDEX(place)",
                "INDEX fulltext_like (note)")))
                .containsExactly(new CreateTable.SearchIndex(true, "audit_note", List.of("note")),
                        new CreateTable.SearchIndex(true, null, List.of("title", "body text")),
                        new CreateTable.SearchIndex(true, "by words", List.of("note")),
                        new CreateTable.SearchIndex(false, null, List.of("place")));
    }

    @Test
    void theNamesGivenForeignKeysAndChecksAreRead() {
        List<String> definitions = List.of(
                "id BIGINT PRIMARY KEY",
                "total INT NOT NULL CONSTRAINT total_positive CHECK (total >= 0)",
                "constraint audit_customer foreign key (customer_id) references customers (id)",
                "CONSTRAINT `audit order` FOREIGN KEY (order_id) REFERENCES orders (id)",
                "CONSTRAINT FOREIGN KEY (x) REFERENCES t (id)",
                "FOREIGN KEY by_y (y) REFERENCES t (id)",
                "CONSTRAINT `due later` CHECK (due > created)",
                "CHECK (id > 0)",
                "note VARCHAR(40) COMMENT 'no constraint here'");
        assertThat(CreateTable.foreignKeyNames(definitions)).containsExactly("audit_customer", "audit order");
        assertThat(CreateTable.checkNames(definitions)).containsExactly("total_positive", "due later");
    }
}
