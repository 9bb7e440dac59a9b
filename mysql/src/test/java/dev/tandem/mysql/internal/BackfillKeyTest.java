package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The backfill's key: which key it takes, its statements, its bounds, and how far along it is. */
class BackfillKeyTest {

    @Test
    void anIntegerKeyTellsTheShareOfItsRangeDone() {
        BackfillKey id = new BackfillKey(List.of("id"), true);
        assertThat(id.doneFraction(List.of("1"), List.of("51"), List.of("101"))).isEqualTo(0.5);
        assertThat(id.doneFraction(List.of("7"), List.of("7"), List.of("7"))).as("a one-key table").isEqualTo(1.0);
        assertThat(id.doneFraction(List.of("-9223372036854775808"), List.of("0"), List.of("9223372036854775807")))
                .isBetween(0.49, 0.51);
    }

    @Test
    void otherKeysDoNotTell() {
        assertThat(new BackfillKey(List.of("code"), false).doneFraction(List.of("a"), List.of("m"), List.of("z"))).isZero();
    }

    @Test
    void keysTravelAsLengthPrefixedPieces() {
        List<String> tuple = List.of("1", "a:b", "");
        assertThat(BackfillKey.decode(BackfillKey.encode(tuple))).isEqualTo(tuple);
    }

    private static final BackfillKey ID = new BackfillKey(List.of("id"), true);
    private static final BackfillKey TENANT_CODE = new BackfillKey(List.of("tenant", "code"), false);

    @Test
    void aSingleKeyRangeIsOpenBelowAndClosedAbove() {
        assertThat(ID.range(null)).as("the first chunk").isEqualTo("(`id`) <= (?)");
        assertThat(ID.range(List.of("10"))).isEqualTo("(`id`) > (?) AND (`id`) <= (?)");
    }

    @Test
    void aCompositeKeyComparesAsRowConstructors() {
        assertThat(TENANT_CODE.range(null)).isEqualTo("(`tenant`, `code`) <= (?, ?)");
        assertThat(TENANT_CODE.range(List.of("1", "a"))).isEqualTo("(`tenant`, `code`) > (?, ?) AND (`tenant`, `code`) <= (?, ?)");
    }

    @Test
    void theEdgesAreReadInKeyOrderEachColumnDescendingForTheLast() {
        assertThat(TENANT_CODE.edgeQuery("`t`", false)).isEqualTo("SELECT `tenant`, `code` FROM `t` ORDER BY `tenant`, `code` LIMIT 1");
        assertThat(TENANT_CODE.edgeQuery("`t`", true))
                .isEqualTo("SELECT `tenant`, `code` FROM `t` ORDER BY `tenant` DESC, `code` DESC LIMIT 1");
    }

    @Test
    void anotherKeysBoundIsReadTheChunkSizeRowsOn() {
        assertThat(TENANT_CODE.boundQuery("`t`", List.of("1", "a"))).isEqualTo("SELECT `tenant`, `code` FROM `t` WHERE"
                + " (`tenant`, `code`) > (?, ?) AND (`tenant`, `code`) <= (?, ?) ORDER BY `tenant`, `code` LIMIT 1 OFFSET ?");
        assertThat(TENANT_CODE.boundQuery("`t`", null))
                .isEqualTo("SELECT `tenant`, `code` FROM `t` WHERE (`tenant`, `code`) <= (?, ?) ORDER BY `tenant`, `code` LIMIT 1 OFFSET ?");
    }

    @Test
    void aTimestampKeysChunksEndFarFromAClockChangeAndItsLastKeyPastOne() {
        BackfillKey sensorAt = new BackfillKey(List.of("sensor", "at"), false, Set.of(), Set.of(), Set.of("sensor"), Set.of("at"));
        String exact = "FROM_UNIXTIME(UNIX_TIMESTAMP(`at`) + 10800) >= CAST(`at` AS DATETIME(6)) + INTERVAL 3 HOUR"
                + " AND FROM_UNIXTIME(UNIX_TIMESTAMP(`at`) - 10800) <= CAST(`at` AS DATETIME(6)) - INTERVAL 3 HOUR";
        assertThat(sensorAt.boundQuery("`t`", null)).isEqualTo("SELECT `sensor`, `at` FROM `t` WHERE (`sensor`, `at`) <= (?, ?)"
                + " AND " + exact + " ORDER BY `sensor`, `at` LIMIT 1 OFFSET ?");
        assertThat(sensorAt.edgeQuery("`t`", true)).isEqualTo("SELECT `sensor`, `at`, IF(" + exact + ", NULL,"
                + " CAST(`at` AS DATETIME(6)) + INTERVAL 3 HOUR) FROM `t` ORDER BY `sensor` DESC, `at` DESC LIMIT 1");
        assertThat(sensorAt.edgeQuery("`t`", false)).isEqualTo("SELECT `sensor`, `at` FROM `t` ORDER BY `sensor`, `at` LIMIT 1");
    }

    @Test
    void anIntegerKeysBoundIsComputedAndStopsAtTheMax() {
        assertThat(BackfillKey.computedBound(null, List.of("1"), List.of("100"), 10)).as("the first chunk holds min")
                .containsExactly("10");
        assertThat(BackfillKey.computedBound(List.of("10"), List.of("1"), List.of("100"), 10)).containsExactly("20");
        assertThat(BackfillKey.computedBound(List.of("95"), List.of("1"), List.of("100"), 10)).containsExactly("100");
        assertThat(BackfillKey.computedBound(List.of("9223372036854775000"), List.of("1"), List.of("9223372036854775807"),
                50_000)).as("no overflow past BIGINT").containsExactly("9223372036854775807");
        assertThat(BackfillKey.computedBound(List.of("9007199254740993"), List.of("1"), List.of("9007199254741999"), 1))
                .as("exact above 2^53").containsExactly("9007199254740994");
    }

    private static IndexInfo index(String name, boolean unique, IndexInfo.Part... parts) {
        return new IndexInfo(name, unique, List.of(parts));
    }

    private static IndexInfo.Part part(String column, boolean nullable) {
        return new IndexInfo.Part(column, null, nullable);
    }

    private static ColumnInfo column(String name, String type) {
        return new ColumnInfo(name, new Columns(type, null, null, false, null, "", ""), "");
    }

    private static final List<ColumnInfo> COLUMNS = List.of(column("id", "bigint(20) unsigned"), column("email", "varchar(99)"),
            column("x", "int"), column("tenant", "int"), column("code", "varchar(9)"), column("n", "MEDIUMINT"));

    @Test
    void theKeyIsThePrimaryKeyElseAUniqueKeyOverNotNullColumns() throws SQLException {
        assertThat(BackfillKey.choose(List.of(index("email_u", true, part("email", false)),
                index("PRIMARY", true, part("id", false))), COLUMNS, "t", "V2"))
                .as("the primary key first, whatever the order the indexes come in")
                .isEqualTo(new BackfillKey(List.of("id"), true));
        assertThat(BackfillKey.choose(List.of(index("a_nullable", true, part("x", true)), index("b", true,
                part("tenant", false), part("code", false))), COLUMNS, "t", "V2"))
                .as("a key with a nullable column is skipped; two columns are not an integer key, its integer one is bound as one")
                .isEqualTo(new BackfillKey(List.of("tenant", "code"), false, Set.of(), Set.of(), Set.of("tenant")));
        assertThat(BackfillKey.choose(List.of(index("PRIMARY", true, part("code", false))), COLUMNS, "t", "V2").integer())
                .isFalse();
        assertThat(BackfillKey.choose(List.of(index("PRIMARY", true, part("n", false))), COLUMNS, "t", "V2").integer())
                .isTrue();
    }

    @Test
    void neitherAPlainIndexNorAKeyWithAFunctionalPartIsWalked() throws SQLException {
        assertThat(BackfillKey.choose(List.of(index("a_plain", false, part("x", false)),
                index("b_functional", true, part("tenant", false), part(null, false)),
                index("c", true, part("email", false))), COLUMNS, "t", "V2"))
                .as("tenant alone is not unique: the key's other part is an expression")
                .isEqualTo(new BackfillKey(List.of("email"), false));
    }

    @Test
    void aTableWithoutSuchAKeyIsRefusedWithItsName() {
        assertThatThrownBy(() -> BackfillKey.choose(List.of(index("u", true, part("email", true))), COLUMNS, "users",
                "V2__x.yaml: add_column users.n")).isInstanceOf(SQLException.class).hasMessage("V2__x.yaml: add_column"
                + " users.n: users has no primary key and no unique key over NOT NULL columns (other than FLOAT or DOUBLE"
                + " ones), so its rows cannot be backfilled in chunks");
    }

    @Test
    void aKeyOfBytesTravelsInHexSoThatABoundIsTheKeyItWasReadAs() throws Exception {
        BackfillKey key = BackfillKey.choose(List.of(index("PRIMARY", true, part("tenant", false), part("token", false))),
                List.of(column("tenant", "int(11)"), column("token", "binary(16)")), "t", "here");

        assertThat(key.binary()).containsExactly("token");
        assertThat(key.selected()).isEqualTo("`tenant`, HEX(`token`)");
        assertThat(key.placeholders()).isEqualTo("(?, UNHEX(?))");
        assertThat(key.tuple()).as("compared and ordered as stored").isEqualTo("(`tenant`, `token`)");
        assertThat(key.travelsAs(List.of("7", "00FF10"))).isTrue();
        assertThat(key.travelsAs(List.of("7", "\uFFFD\u0010"))).as("a checkpoint that held the bytes as text").isFalse();
        assertThat(key.travelsAs(null)).isTrue();
        assertThat(new BackfillKey(List.of("id"), true).selected()).isEqualTo("`id`");
    }

    @Test
    void anEnumOrASetInAKeyTravelsAsItsNumberAsTheKeyOrdersIt() throws Exception {
        BackfillKey key = BackfillKey.choose(List.of(index("PRIMARY", true, part("user_id", false), part("Kind", false))),
                List.of(column("user_id", "int(11)"), column("kind", "enum('like','follow','block')")), "t", "here");

        assertThat(key.ordinal()).containsExactly("kind");
        assertThat(key.selected()).isEqualTo("`user_id`, (`Kind` | 0)");
        assertThat(key.placeholders()).as("bound as a number").isEqualTo("(?, ?)");
        assertThat(key.tuple()).as("compared and ordered as stored").isEqualTo("(`user_id`, `Kind`)");
        assertThat(key.travelsAs(List.of("7", "3"))).isTrue();
        assertThat(key.travelsAs(List.of("7", "block"))).as("a checkpoint that held the name").isFalse();
        assertThat(BackfillKey.choose(List.of(index("PRIMARY", true, part("tags", false))),
                List.of(column("tags", "set('a','b')")), "t", "here").ordinal()).containsExactly("tags");
    }

    @Test
    void integerAndDecimalColumnsOfAKeyOfAnyWidthAreBoundAsNumbers() throws Exception {
        BackfillKey key = BackfillKey.choose(List.of(index("PRIMARY", true, part("Order_id", false), part("amount", false),
                        part("code", false), part("line", false))), List.of(column("order_id", "bigint(20) unsigned"),
                        column("amount", "decimal(25,0)"), column("code", "varchar(9)"), column("line", "tinyint")), "t", "here");

        assertThat(key.integer()).as("no computed bounds for a composite key").isFalse();
        assertThat(key.numeric()).as("compared with text, the server compares doubles")
                .containsExactlyInAnyOrder("order_id", "amount", "line");
        assertThat(new BackfillKey(List.of("Id"), true).numeric()).containsExactly("id");
        assertThat(new BackfillKey(List.of("a", "b"), false).numeric()).isEmpty();
    }

    @Test
    void aKeyOverAFloatOrADoubleIsNotWalked() throws Exception {
        List<ColumnInfo> columns = List.of(column("score", "float"), column("ratio", "double"), column("id", "int"));
        assertThat(BackfillKey.choose(List.of(index("PRIMARY", true, part("score", false)), index("u", true,
                part("ratio", false)), index("v", true, part("id", false))), columns, "t", "here"))
                .as("its text is not the value stored: the next key is walked").isEqualTo(new BackfillKey(List.of("id"), true));
        assertThat(BackfillKey.chosen(List.of(index("PRIMARY", true, part("score", false))), columns)).isEmpty();
    }
}
