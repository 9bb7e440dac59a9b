package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schema differences of a table, as sentences, from the inspector's records. */
class CompareSchemaTest {

    private static ColumnInfo column(String name, String type, boolean nullable, String columnDefault, String charset) {
        return new ColumnInfo(name, new Columns(type, charset, charset == null ? null : charset + "_bin", nullable,
                columnDefault, "", ""), null);
    }

    private static CompareSchema.Side side(List<ColumnInfo> columns, List<IndexInfo> indexes, List<TriggerInfo> triggers,
                                           boolean mariaDb) {
        return new CompareSchema.Side(new TableInfo("t", "utf8mb4_bin"), columns, indexes, triggers, List.of(), mariaDb);
    }

    private static IndexInfo index(String name, boolean unique, String... columns) {
        return new IndexInfo(name, unique, java.util.Arrays.stream(columns).map(c -> new IndexInfo.Part(c, null, false)).toList());
    }

    @Test
    void columnsDifferInTypeNullabilityDefaultAndPresence() {
        CompareSchema.Side source = side(List.of(column("id", "int", false, null, null), column("d", "decimal(6,2)", true, null, null),
                column("gone", "int", true, null, null)), List.of(), List.of(), false);
        CompareSchema.Side target = side(List.of(column("ID", "int", false, null, null), column("d", "decimal(6,1)", false, "0.0", null),
                column("new", "int", true, null, null)), List.of(), List.of(), false);

        assertThat(CompareSchema.differences(source, target, Set.of(), false).differences()).containsExactly(
                "column d type: decimal(6,2) in the source, decimal(6,1) in the target",
                "column d nullability: NULL in the source, NOT NULL in the target",
                "column d default: no default in the source, 0.0 in the target",
                "column gone is only in the source",
                "column new is only in the target");
    }

    /**
     * An ENUM's members in another case store other values, and a generated column computed otherwise holds other
     * values wherever the rows change: both read alike before (the type was lower-cased whole; the expression was
     * not compared). Between flavors the expression is not compared: each writes it its own way.
     */
    @Test
    void enumMembersCaseAndGenerationExpressionsDiffer() {
        ColumnInfo total = new ColumnInfo("total", new Columns("int", null, null, true, null, "VIRTUAL GENERATED", ""),
                "(`price` * `qty`)");
        ColumnInfo summed = new ColumnInfo("total", new Columns("int", null, null, true, null, "VIRTUAL GENERATED", ""),
                "(`price` + `qty`)");
        CompareSchema.Side source = side(List.of(column("state", "ENUM('A','B')", true, null, null), total), List.of(), List.of(), false);
        CompareSchema.Side target = side(List.of(column("state", "enum('a','b')", true, null, null), summed), List.of(), List.of(), false);

        assertThat(CompareSchema.differences(source, target, Set.of(), false).differences()).containsExactly(
                "column state type: enum('A','B') in the source, enum('a','b') in the target",
                "column total generation expression: (`price` * `qty`) in the source, (`price` + `qty`) in the target");
        assertThat(CompareSchema.differences(source, side(List.of(column("state", "enum('A','B')", true, null, null), summed),
                List.of(), List.of(), true), Set.of(), false).differences()).as("MariaDB's expression").isEmpty();
    }

    /**
     * A target that lost a foreign key's ON DELETE CASCADE deletes no child rows with their parent: a difference.
     * NO ACTION is RESTRICT in InnoDB, and the two flavors name a rule left unsaid apart.
     */
    @Test
    void aForeignKeysActionsDiffer() {
        ForeignKeyInfo cascading = new ForeignKeyInfo("fk", "t", List.of("parent_id"), "parents", List.of("id"),
                "ON UPDATE RESTRICT ON DELETE CASCADE");
        ForeignKeyInfo restricting = new ForeignKeyInfo("fk", "t", List.of("parent_id"), "parents", List.of("id"),
                "ON UPDATE NO ACTION ON DELETE NO ACTION");
        ForeignKeyInfo restrict = new ForeignKeyInfo("fk", "t", List.of("parent_id"), "parents", List.of("id"),
                "ON UPDATE RESTRICT ON DELETE RESTRICT");
        assertThat(CompareSchema.differences(withKey(cascading), withKey(restricting), Set.of(), false).differences())
                .containsExactly("foreign key fk: (parent_id) REFERENCES parents (id) ON UPDATE RESTRICT ON DELETE CASCADE in"
                        + " the source, (parent_id) REFERENCES parents (id) ON UPDATE RESTRICT ON DELETE RESTRICT in the target");
        assertThat(CompareSchema.differences(withKey(restrict), withKey(restricting), Set.of(), false).differences()).isEmpty();
    }

    private static CompareSchema.Side withKey(ForeignKeyInfo key) {
        return new CompareSchema.Side(new TableInfo("t", "utf8mb4_bin"), List.of(), List.of(), List.of(), List.of(key), false);
    }

    @Test
    void ignoredColumnsAreLeftOut() {
        CompareSchema.Side source = side(List.of(column("a", "int", true, null, null)), List.of(), List.of(), false);
        CompareSchema.Side target = side(List.of(column("a", "bigint", true, null, null)), List.of(), List.of(), false);
        assertThat(CompareSchema.differences(source, target, Set.of("a"), false).differences()).isEmpty();
    }

    @Test
    void indexesAndTriggersDifferButTandemsOwnTriggersDoNot() {
        CompareSchema.Side source = side(List.of(), List.of(index("PRIMARY", true, "id"), index("by_code", true, "tenant", "code")),
                List.of(new TriggerInfo("audit", "INSERT", "AFTER", 1), new TriggerInfo("tandem_sync_v2_ins", "INSERT", "BEFORE", 1)),
                false);
        CompareSchema.Side target = side(List.of(), List.of(index("PRIMARY", true, "id"), index("by_code", false, "tenant", "code"),
                index("by_name", false, "name")), List.of(new TriggerInfo("audit", "UPDATE", "AFTER", 1)), false);

        assertThat(CompareSchema.differences(source, target, Set.of(), false).differences()).containsExactly(
                "index by_code: UNIQUE (tenant, code) in the source, (tenant, code) in the target",
                "index by_name is only in the target: (name)",
                "trigger audit: AFTER INSERT in the source, AFTER UPDATE in the target");
    }

    @Test
    void charsetsDifferUnlessAConversionWasAskedForThenTheyAreNotes() {
        CompareSchema.Side source = side(List.of(column("w", "varchar(10)", true, null, "latin1")), List.of(), List.of(), false);
        CompareSchema.Side target = side(List.of(column("w", "varchar(10)", true, null, "utf8mb4")), List.of(), List.of(), false);
        List<String> expected = List.of("column w character set: latin1 in the source, utf8mb4 in the target",
                "column w collation: latin1_bin in the source, utf8mb4_bin in the target");

        assertThat(CompareSchema.differences(source, target, Set.of(), false).differences()).isEqualTo(expected);
        CompareSchema.Found converted = CompareSchema.differences(source, target, Set.of(), true);
        assertThat(converted.differences()).isEmpty();
        assertThat(converted.notes()).isEqualTo(expected);
    }

    @Test
    void mariaDbAndMySqlSpellingsOfTheSameColumnAreEqual() {
        CompareSchema.Side mariaDb = side(List.of(column("n", "int(11)", true, "NULL", null), column("s", "varchar(5)", false, "'it''s'", null),
                column("at", "timestamp", false, "current_timestamp()", null)), List.of(), List.of(), true);
        CompareSchema.Side mySql = side(List.of(column("n", "int", true, null, null), column("s", "varchar(5)", false, "it's", null),
                column("at", "timestamp", false, "CURRENT_TIMESTAMP", null)), List.of(), List.of(), false);

        assertThat(CompareSchema.differences(mariaDb, mySql, Set.of(), false).differences()).isEmpty();
        assertThat(CompareSchema.extra("DEFAULT_GENERATED on update CURRENT_TIMESTAMP")).isEqualTo("on update current_timestamp");
        assertThat(CompareSchema.extra("on update current_timestamp()")).isEqualTo("on update current_timestamp");
    }

    /** A key's values travel alike on both sides within a family; an ENUM's members and a DECIMAL's scale do not. */
    @org.junit.jupiter.api.Test
    void keyFormsGroupTheTypesWhoseValuesReadAlike() {
        assertThat(CompareKey.keyForm("int(11)")).isEqualTo(CompareKey.keyForm("bigint unsigned"));
        assertThat(CompareKey.keyForm("varchar(100)")).isEqualTo(CompareKey.keyForm("char(10)"));
        assertThat(CompareKey.keyForm("year(4)")).isEqualTo(CompareKey.keyForm("year"));
        assertThat(CompareKey.keyForm("enum('a','b')")).isNotEqualTo(CompareKey.keyForm("enum('a','c','b')"));
        assertThat(CompareKey.keyForm("decimal(10,2)")).isNotEqualTo(CompareKey.keyForm("decimal(10,3)"));
        assertThat(CompareKey.keyForm("int")).isNotEqualTo(CompareKey.keyForm("decimal(10,0)"));
    }
}
