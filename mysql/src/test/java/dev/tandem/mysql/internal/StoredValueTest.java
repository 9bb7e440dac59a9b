package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact "does the column hold what the expression gives" conditions, per column type. */
class StoredValueTest {

    private static String differs(String type, String charset) {
        return StoredValue.differs("`c`", type, charset, "x", false);
    }

    @Test
    void textComparesBytesInTheColumnsCharacterSetNotInItsCollation() {
        assertThat(differs("varchar(20)", "utf8mb4"))
                .isEqualTo("NOT (CAST(`c` AS BINARY) <=> CAST(CONVERT((x) USING utf8mb4) AS BINARY))");
        assertThat(differs("mediumtext", "latin1")).contains("USING latin1");
    }

    @Test
    void charDropsTrailingSpacesAsTheColumnDoes() {
        assertThat(differs("char(5)", "utf8mb4")).contains("TRIM(TRAILING ' ' FROM CONVERT((x) USING utf8mb4))");
    }

    @Test
    void numbersAreBroughtToTheColumnsTypeFirst() {
        assertThat(differs("decimal(10,2) unsigned", null)).isEqualTo("NOT (`c` <=> CAST((x) AS DECIMAL(10,2)))");
        assertThat(differs("int(11)", null)).isEqualTo("NOT (`c` <=> CAST((x) AS SIGNED))");
        assertThat(differs("bigint unsigned", null)).isEqualTo("NOT (`c` <=> CAST((x) AS UNSIGNED))");
        assertThat(differs("float", null)).as("a NULL on one side still differs")
                .isEqualTo("NOT (`c` <=> (x) OR COALESCE(ABS(`c` - (x)) <= ABS((x)) * 1e-6, FALSE))");
        assertThat(differs("double", null)).isEqualTo("NOT (`c` <=> (x))");
    }

    @Test
    void timesKeepTheirFractionsAndTimestampsCompareAsInstants() {
        assertThat(differs("datetime(3)", null)).isEqualTo("NOT (`c` <=> CAST((x) AS DATETIME(3)))");
        assertThat(differs("datetime", null)).isEqualTo("NOT (`c` <=> CAST((x) AS DATETIME))");
        assertThat(differs("time(6)", null)).isEqualTo("NOT (`c` <=> CAST((x) AS TIME(6)))");
        assertThat(differs("date", null)).isEqualTo("NOT (`c` <=> CAST((x) AS DATE))");
        assertThat(differs("timestamp(2)", null))
                .isEqualTo("NOT (UNIX_TIMESTAMP(`c`) <=> UNIX_TIMESTAMP(CAST((x) AS DATETIME(2))))");
    }

    @Test
    void binaryPadsAndJsonDependsOnTheServer() {
        assertThat(differs("binary(4)", null)).isEqualTo("NOT (`c` <=> CAST((x) AS BINARY(4)))");
        assertThat(differs("blob", null)).isEqualTo("NOT (`c` <=> CAST((x) AS BINARY))");
        assertThat(differs("json", null)).isEqualTo("NOT (`c` <=> CAST((x) AS JSON))");
        assertThat(StoredValue.differs("`c`", "json", "utf8mb4", "x", true)).contains("CAST(`c` AS BINARY)");
    }

    @Test
    void enumsCompareInTheirCollationAsAnAssignmentMatchesTheirMembers() {
        assertThat(differs("enum('red','blue')", "utf8mb4")).isEqualTo("NOT (`c` <=> (x))");
    }

    @Test
    void backfillChecksValuesWhereEveryWriterKeepsThemAndKeepsWhatNewCodeWrites() {
        BackfillSql exact = BackfillSql.build("n", "varchar(10)", "utf8mb4", List.of("updated_at"), "UPPER(name)", BackfillSql.Kind.SYNCED, false);
        assertThat(exact.exact()).isTrue();
        assertThat(exact.pending()).isEqualTo(exact.mismatch()).contains("CAST(`n` AS BINARY)");
        assertThat(exact.assignment()).as("the row's own timestamp is not bumped by the backfill")
                .isEqualTo("`n` = (UPPER(name)), `updated_at` = `updated_at`");

        BackfillSql clock = BackfillSql.build("n", "datetime", null, List.of(), "NOW()", BackfillSql.Kind.SYNCED, false);
        assertThat(clock.exact()).isFalse();
        assertThat(clock.pending()).isEqualTo("`n` IS NULL");

        BackfillSql nulls = BackfillSql.build("n", "varchar(10)", "utf8mb4", List.of("n"), "'?'", BackfillSql.Kind.NULLS, false);
        assertThat(nulls.pending()).isEqualTo("`n` IS NULL");
        assertThat(nulls.assignment()).isEqualTo("`n` = ('?')");

        BackfillSql shared = BackfillSql.build("n", "varchar(10)", "utf8mb4", List.of(), "UPPER(name)", BackfillSql.Kind.SHARED,
                false);
        assertThat(shared.pending()).as("a value new code wrote is kept").isEqualTo("`n` IS NULL");
        assertThat(shared.mismatch()).isEqualTo("`n` IS NULL AND (UPPER(name)) IS NOT NULL");
    }
}
