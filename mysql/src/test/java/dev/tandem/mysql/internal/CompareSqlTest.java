package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparison's statements, built without a server. */
class CompareSqlTest {

    private static final BackfillKey ID = new BackfillKey(List.of("id"), true);
    private static final BackfillKey TENANT_CODE = new BackfillKey(List.of("tenant", "code"), false);

    private static ColumnInfo column(String name, String type, String charset) {
        return new ColumnInfo(name, new Columns(type, charset, charset == null ? null : charset + "_bin", true, null, "", ""), null);
    }

    @Test
    void aRowHashIsAnMd5OfItsBytes() {
        assertThat(CompareSql.rowHash("B")).isEqualTo("MD5(B)");
    }

    @Test
    void aChunkChecksumCountsAndXorsSixtyFourBitsOfItsRowsHashes() {
        assertThat(CompareSql.checksum("`t`", ID, true, true, "B")).isEqualTo("SELECT COUNT(*),"
                + " COALESCE(BIT_XOR(CAST(CONV(LEFT(MD5(B), 16), 16, 10) AS UNSIGNED)), 0)"
                + " FROM `t` WHERE (`id`) > (?) AND (`id`) <= (?)");
    }

    @Test
    void aRangeMayBeOpenOnEitherEndOrBoth() {
        assertThat(CompareSql.range(ID, false, true)).isEqualTo("(`id`) <= (?)");
        assertThat(CompareSql.range(ID, true, false)).isEqualTo("(`id`) > (?)");
        assertThat(CompareSql.range(TENANT_CODE, true, true)).isEqualTo("(`tenant`, `code`) > (?, ?) AND (`tenant`, `code`) <= (?, ?)");
        assertThat(CompareSql.range(ID, false, false)).isEqualTo("TRUE");
    }

    @Test
    void aChunksBoundIsTheKeySomeRowsOnOrTheLastKey() {
        assertThat(CompareSql.keyAfter("`t`", TENANT_CODE, true)).isEqualTo("SELECT `tenant`, `code` FROM `t`"
                + " WHERE (`tenant`, `code`) > (?, ?) ORDER BY `tenant`, `code` LIMIT 1 OFFSET ?");
        assertThat(CompareSql.lastKey("`t`", TENANT_CODE, false)).isEqualTo("SELECT `tenant`, `code` FROM `t` WHERE TRUE"
                + " ORDER BY `tenant` DESC, `code` DESC LIMIT 1");
    }

    @Test
    void aDifferingChunkListsItsKeysAndRowHashesInKeyOrder() {
        assertThat(CompareSql.rowHashes("`t`", ID, false, true, "H"))
                .isEqualTo("SELECT `id`, H FROM `t` WHERE (`id`) <= (?) ORDER BY `id`");
    }

    @Test
    void aRowIsFetchedByItsKeyAsHashAndShownValuePerColumn() {
        List<String> cells = CompareSql.cells(List.of("`a`"), List.of("LEFT(`a`, 65)"));
        assertThat(cells).containsExactly("COALESCE(MD5(`a`), 'N')", "LEFT(`a`, 65)");
        assertThat(CompareSql.row("`t`", TENANT_CODE, cells)).isEqualTo("SELECT COALESCE(MD5(`a`), 'N'), LEFT(`a`, 65)"
                + " FROM `t` WHERE (`tenant`, `code`) = (?, ?)");
    }

    @Test
    void aKeylessTableIsScannedInRowHashOrder() {
        assertThat(CompareSql.fullScan("`t`", "H", List.of("LEFT(`a`, 65)")))
                .isEqualTo("SELECT H AS h, LEFT(`a`, 65) FROM `t` ORDER BY h");
    }

    @Test
    void valuesAreComparedAsStoredUnlessToldOrTheTypesCallForIt() {
        assertThat(CompareSql.value(column("w", "varchar(10)", "latin1"), column("w", "varchar(10)", "utf8mb4"), false))
                .isEqualTo(new CompareSql.Value("w", "`w`", "`w`", "LEFT(`w`, 65)", "LEFT(`w`, 65)", false, true, false));
        assertThat(CompareSql.value(column("w", "varchar(10)", "latin1"), column("w", "varchar(10)", "utf8mb3"), true))
                .as("after a charset conversion both sides meet in utf8mb4, which loses nothing")
                .extracting(CompareSql.Value::source, CompareSql.Value::target)
                .containsExactly("CONVERT(`w` USING utf8mb4)", "CONVERT(`w` USING utf8mb4)");
        assertThat(CompareSql.value(column("d", "decimal(6,2)", null), column("d", "decimal(6,1)", null), false))
                .extracting(CompareSql.Value::source, CompareSql.Value::target)
                .containsExactly("CAST(`d` AS DECIMAL(65, 2))", "CAST(`d` AS DECIMAL(65, 2))");
        assertThat(CompareSql.value(column("d", "decimal(6,2)", null), column("d", "decimal(8,2)", null), false).source())
                .as("the same scale compares as stored").isEqualTo("`d`");
        assertThat(CompareSql.value(column("at", "timestamp(3)", null), column("at", "timestamp(3)", null), false).target())
                .isEqualTo("UNIX_TIMESTAMP(`at`)");
    }

    @Test
    void bytesAreShownInHex() {
        assertThat(CompareSql.shown(column("b", "blob", null))).isEqualTo("CONCAT('0x', HEX(LEFT(`b`, 32)))");
        assertThat(CompareSql.shown(column("n", "int", null))).isEqualTo("LEFT(`n`, 65)");
    }

    @Test
    void aRecheckReadsTheHashesOfGivenKeysInOneStatementPerBatch() {
        assertThat(CompareSql.rowHashesOf("`t`", ID, "H", 3))
                .isEqualTo("SELECT `id`, H FROM `t` WHERE (`id`) IN ((?), (?), (?))");
        assertThat(CompareSql.rowHashesOf("`t`", TENANT_CODE, "H", 2))
                .isEqualTo("SELECT `tenant`, `code`, H FROM `t` WHERE (`tenant`, `code`) IN ((?, ?), (?, ?))");
        BackfillKey withEnum = new BackfillKey(List.of("user_id", "kind"), false, Set.of(), Set.of("kind"));
        assertThat(CompareSql.rowHashesOf("`t`", withEnum, "H", 2)).as("MySQL finds nothing for an IN list of such tuples")
                .isEqualTo("SELECT `user_id`, (`kind` | 0), H FROM `t` WHERE (`user_id`, `kind`) = (?, ?)"
                        + " OR (`user_id`, `kind`) = (?, ?)");
    }

    @Test
    void aHeldRecheckLocksOneRowWithoutWaitingInEachFlavorsWords() {
        assertThat(CompareSql.lockedRowHashOf("`t`", TENANT_CODE, "H", false))
                .isEqualTo("SELECT `tenant`, `code`, H FROM `t` WHERE (`tenant`, `code`) = (?, ?) FOR SHARE NOWAIT");
        assertThat(CompareSql.lockedRowHashOf("`t`", ID, "H", true))
                .isEqualTo("SELECT `id`, H FROM `t` WHERE (`id`) = (?) LOCK IN SHARE MODE NOWAIT");
    }

    @Test
    void aRecheckOfNoKeyIsAMistakeNotAnEmptyInList() {
        assertThatThrownBy(() -> CompareSql.rowHashesOf("`t`", ID, "H", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one key");
    }
}
