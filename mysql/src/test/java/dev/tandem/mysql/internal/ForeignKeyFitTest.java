package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForeignKeyFitTest {

    private static ColumnInfo column(String name, String type, String collation) {
        return new ColumnInfo(name, new Columns(type, collation == null ? null : "utf8mb4", collation, true, null, "", ""), null);
    }

    private static ColumnInfo number(String name, String type) {
        return column(name, type, null);
    }

    @Test
    void integersFitOfTheSameSizeAndSignOnly() {
        assertThat(ForeignKeyFit.misfit("notes", number("client_ref", "bigint(20)"), "clients", number("id", "bigint"))).isEmpty();
        assertThat(ForeignKeyFit.misfit("notes", number("client_ref", "int"), "clients", number("id", "bigint")))
                .contains("notes.client_ref is int but clients.id is bigint; a foreign key needs the same type");
        assertThat(ForeignKeyFit.misfit("notes", number("client_ref", "bigint"), "clients", number("id", "bigint unsigned")))
                .isPresent();
        assertThat(ForeignKeyFit.misfit("notes", number("amount", "decimal(10,2)"), "prices", number("amount", "decimal(12,2)")))
                .as("a decimal's precision is no length").isPresent();
    }

    @Test
    void textFitsWhateverItsLengthInTheSameCollation() {
        assertThat(ForeignKeyFit.misfit("notes", column("code", "varchar(20)", "utf8mb4_bin"), "codes",
                column("code", "char(40)", "utf8mb4_bin"))).isEmpty();
        assertThat(ForeignKeyFit.misfit("notes", column("code", "varchar(20)", "utf8mb4_bin"), "codes",
                column("code", "varchar(20)", "utf8mb4_general_ci"))).contains("notes.code is varchar(20) in utf8mb4_bin but"
                + " codes.code is varchar(20) in utf8mb4_general_ci; a foreign key needs the same collation");
        assertThat(ForeignKeyFit.misfit("notes", column("code", "varchar(20)", "utf8mb4_bin"), "codes", number("code", "int")))
                .as("text beside a number").isPresent();
    }

    @Test
    void theReferencedColumnsMustLeadAnIndexInTheirOrder() {
        List<IndexInfo> indexes = List.of(new IndexInfo("PRIMARY", true, List.of(new IndexInfo.Part("id", null, false))),
                new IndexInfo("by_region", false, List.of(new IndexInfo.Part("region", null, false),
                        new IndexInfo.Part("code", null, false))));
        assertThat(ForeignKeyFit.referencedIndexed(indexes, List.of("ID"))).isTrue();
        assertThat(ForeignKeyFit.referencedIndexed(indexes, List.of("region"))).isTrue();
        assertThat(ForeignKeyFit.referencedIndexed(indexes, List.of("region", "code"))).isTrue();
        assertThat(ForeignKeyFit.referencedIndexed(indexes, List.of("code", "region"))).isFalse();
        assertThat(ForeignKeyFit.referencedIndexed(indexes, List.of("code"))).isFalse();
    }
}
