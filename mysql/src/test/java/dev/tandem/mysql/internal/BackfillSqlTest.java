package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements of a backfill over one chunk of its key, for each kind of column and each shape of key. */
class BackfillSqlTest {

    private static final BackfillKey ID = new BackfillKey(List.of("id"), true);
    private static final BackfillKey TENANT_CODE = new BackfillKey(List.of("tenant", "code"), false);

    private static BackfillSql sql(BackfillSql.Kind kind) {
        return BackfillSql.build("display", "varchar(20)", "utf8mb4", List.of(), "UPPER(name)", StoredValue.ValueType.TEXT, kind, false);
    }

    @Test
    void aSyncedColumnIsWrittenWhereverItsValueDiffers() {
        BackfillSql synced = sql(BackfillSql.Kind.SYNCED);
        assertThat(synced.update("`t`", ID, List.of("10"))).isEqualTo("UPDATE `t` SET `display` = (UPPER(name)) WHERE"
                + " (`id`) > (?) AND (`id`) <= (?) AND (NOT (CAST(`display` AS BINARY) <=> CAST(CONVERT((UPPER(name)) USING"
                + " utf8mb4) AS BINARY)))");
    }

    @Test
    void aSharedColumnIsWrittenOnlyWhereNull() {
        assertThat(sql(BackfillSql.Kind.SHARED).update("`t`", ID, null))
                .isEqualTo("UPDATE `t` SET `display` = (UPPER(name)) WHERE (`id`) <= (?) AND (`display` IS NULL)");
    }

    @Test
    void aNotNullFillWritesOnlyNulls() {
        assertThat(sql(BackfillSql.Kind.NULLS).update("`t`", TENANT_CODE, List.of("1", "a"))).isEqualTo("UPDATE `t` SET"
                + " `display` = (UPPER(name)) WHERE (`tenant`, `code`) > (?, ?) AND (`tenant`, `code`) <= (?, ?)"
                + " AND (`display` IS NULL)");
    }

    @Test
    void aSelfUpdatingColumnKeepsItsValueInTheUpdate() {
        BackfillSql sql = BackfillSql.build("display", "varchar(20)", "utf8mb4", List.of("updated_at", "display"), "'x'",
                StoredValue.ValueType.TEXT, BackfillSql.Kind.NULLS, false);
        assertThat(sql.update("`t`", ID, null)).isEqualTo("UPDATE `t` SET `display` = ('x'), `updated_at` = `updated_at`"
                + " WHERE (`id`) <= (?) AND (`display` IS NULL)");
    }

    @Test
    void verificationCountsTheChunksRejectedRows() {
        assertThat(sql(BackfillSql.Kind.SHARED).countMismatches("`t`", TENANT_CODE, null)).isEqualTo("SELECT COUNT(*)"
                + " FROM `t` WHERE (`tenant`, `code`) <= (?, ?) AND (`display` IS NULL AND (UPPER(name)) IS NOT NULL)");
        assertThat(sql(BackfillSql.Kind.NULLS).countMismatches("`t`", ID, List.of("5")))
                .isEqualTo("SELECT COUNT(*) FROM `t` WHERE (`id`) > (?) AND (`id`) <= (?) AND (`display` IS NULL)");
    }

    @Test
    void verificationSamplesRejectedRowsWithKeyHeldAndExpectedValue() {
        assertThat(sql(BackfillSql.Kind.NULLS).sampleMismatches("`t`", TENANT_CODE, "`display`", "UPPER(name)",
                List.of("1", "a"), 3)).isEqualTo("SELECT CONCAT_WS(', ', `tenant`, `code`), `display`, (UPPER(name))"
                + " FROM `t` WHERE (`tenant`, `code`) > (?, ?) AND (`tenant`, `code`) <= (?, ?) AND (`display` IS NULL)"
                + " ORDER BY `tenant`, `code` LIMIT 3");
    }
}
