package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact "does the column hold what the expression gives" conditions, per column type. */
class StoredValueTest {

    private static String differs(String type, String charset) {
        return StoredValue.differs("`c`", type, charset, "x", StoredValue.ValueType.OTHER, false).orElseThrow();
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
        String oneNull = " OR (`c` IS NULL) <> ((x) IS NULL))";
        assertThat(differs("datetime(3)", null)).isEqualTo("(NOT (`c` <=> CAST((x) AS DATETIME(3)))" + oneNull);
        assertThat(differs("datetime", null)).isEqualTo("(NOT (`c` <=> CAST((x) AS DATETIME))" + oneNull);
        assertThat(differs("time(6)", null)).isEqualTo("(NOT (`c` <=> CAST((x) AS TIME(6)))" + oneNull);
        assertThat(differs("date", null)).as("MySQL's CAST of a zero date is NULL, as the column not written yet")
                .isEqualTo("(NOT (`c` <=> CAST((x) AS DATE))" + oneNull);
        assertThat(differs("timestamp(2)", null))
                .as("the zero TIMESTAMP is -1 on both sides: MariaDB's UNIX_TIMESTAMP gives a column's 0, a DATETIME's NULL")
                .isEqualTo("(NOT (IF(`c` = 0, -1, UNIX_TIMESTAMP(`c`)) <=> IF(CAST((x) AS DATETIME(2)) = 0, -1,"
                        + " UNIX_TIMESTAMP(CAST((x) AS DATETIME(2)))))" + oneNull);
    }

    @Test
    void binaryPadsAndJsonDependsOnTheServer() {
        assertThat(differs("binary(4)", null)).isEqualTo("NOT (`c` <=> CAST((x) AS BINARY(4)))");
        assertThat(differs("blob", null)).isEqualTo("NOT (`c` <=> CAST((x) AS BINARY))");
        assertThat(differs("json", null)).isEqualTo("NOT (`c` <=> CAST((x) AS JSON))");
        assertThat(StoredValue.differs("`c`", "json", "utf8mb4", "x", StoredValue.ValueType.TEXT, true).orElseThrow()).contains("CAST(`c` AS BINARY)");
    }

    @Test
    void aValueIsReadAsTheAssignmentOfItsOwnTypeReadsIt() {
        assertThat(StoredValue.differs("`c`", "int", null, "x", StoredValue.ValueType.TEXT, false)).as("'3.7' is 4, not 3")
                .contains("NOT (`c` <=> CAST(CAST((x) AS DECIMAL(65,30)) AS SIGNED))");
        assertThat(StoredValue.differs("`c`", "bigint unsigned", null, "x", StoredValue.ValueType.DATE, false))
                .as("MySQL: a DATE is the number of its midnight; one it cannot read is NULL, not the unwritten column's NULL")
                .contains("(NOT (`c` <=> CAST(CAST((x) AS DATETIME) AS UNSIGNED)) OR (`c` IS NULL) <> ((x) IS NULL))");
        assertThat(StoredValue.differs("`c`", "bigint", null, "x", StoredValue.ValueType.DATE, true))
                .as("MariaDB: its own number").contains("NOT (`c` <=> CAST((x) AS SIGNED))");
        assertThat(StoredValue.differs("`c`", "varchar(9)", "utf8mb4", "x", StoredValue.ValueType.BIT, false))
                .as("a BIT comes into text as its number").contains("NOT (CAST(`c` AS BINARY) <=> CAST(CONVERT(((x) + 0) USING"
                        + " utf8mb4) AS BINARY))");
        assertThat(StoredValue.differs("`c`", "double", null, "x", StoredValue.ValueType.DATETIME, true))
                .as("a time into a DOUBLE is its number").contains("NOT (`c` <=> ((x) + 0))");
    }

    @Test
    void noConditionWhereNoExpressionGivesWhatTheAssignmentStores() {
        assertThat(StoredValue.differs("`c`", "year", null, "x", StoredValue.ValueType.INTEGER, false)).as("5 is 2005").isEmpty();
        assertThat(StoredValue.differs("`c`", "year", null, "x", StoredValue.ValueType.YEAR, false)).isPresent();
        assertThat(StoredValue.differs("`c`", "varchar(40)", "utf8mb4", "x", StoredValue.ValueType.APPROXIMATE, false)).isEmpty();
        assertThat(StoredValue.differs("`c`", "enum('a','b')", "utf8mb4", "x", StoredValue.ValueType.DECIMAL, false)).isEmpty();
        assertThat(StoredValue.differs("`c`", "enum('a','b')", "utf8mb4", "x", StoredValue.ValueType.TEXT, false)).isPresent();
        assertThat(StoredValue.differs("`c`", "set('x','y')", "utf8mb4", "x", StoredValue.ValueType.INTEGER, false)).isEmpty();
        assertThat(StoredValue.differs("`c`", "bit(8)", null, "x", StoredValue.ValueType.TEXT, false)).isEmpty();
        assertThat(StoredValue.differs("`c`", "time", null, "x", StoredValue.ValueType.YEAR, false)).isEmpty();
        assertThat(StoredValue.ValueType.of("BIGINT UNSIGNED")).isEqualTo(StoredValue.ValueType.INTEGER);
        assertThat(StoredValue.ValueType.of("LONGTEXT")).isEqualTo(StoredValue.ValueType.TEXT);
        assertThat(StoredValue.ValueType.of(null)).isEqualTo(StoredValue.ValueType.OTHER);
    }

    @Test
    void withoutAConditionABackfillWritesEveryRowAndChecksForAValue() {
        BackfillSql synced = BackfillSql.build("n", "year", null, List.of(), "x", StoredValue.ValueType.INTEGER,
                BackfillSql.Kind.SYNCED, false);
        assertThat(synced.exact()).isFalse();
        assertThat(synced.pending()).as("a rename's default, or a value from before a resync, is no right value")
                .isEqualTo("TRUE");
        assertThat(synced.mismatch()).isEqualTo("`n` IS NULL AND (x) IS NOT NULL");
    }

    @Test
    void enumsCompareInTheirCollationAsAnAssignmentMatchesTheirMembers() {
        assertThat(differs("enum('red','blue')", "utf8mb4")).isEqualTo("NOT (`c` <=> (x))");
    }

    @Test
    void backfillChecksValuesWhereEveryWriterKeepsThemAndKeepsWhatNewCodeWrites() {
        BackfillSql exact = BackfillSql.build("n", "varchar(10)", "utf8mb4", List.of("updated_at"), "UPPER(name)",
                StoredValue.ValueType.TEXT, BackfillSql.Kind.SYNCED, false);
        assertThat(exact.exact()).isTrue();
        assertThat(exact.pending()).isEqualTo(exact.mismatch()).contains("CAST(`n` AS BINARY)");
        assertThat(exact.assignment()).as("the row's own timestamp is not bumped by the backfill")
                .isEqualTo("`n` = (UPPER(name)), `updated_at` = `updated_at`");

        BackfillSql clock = BackfillSql.build("n", "datetime", null, List.of(), "NOW()",
                StoredValue.ValueType.DATETIME, BackfillSql.Kind.SYNCED, false);
        assertThat(clock.exact()).isFalse();
        assertThat(clock.pending()).isEqualTo("`n` IS NULL");

        BackfillSql nulls = BackfillSql.build("n", "varchar(10)", "utf8mb4", List.of("n"), "'?'",
                StoredValue.ValueType.TEXT, BackfillSql.Kind.NULLS, false);
        assertThat(nulls.pending()).isEqualTo("`n` IS NULL");
        assertThat(nulls.assignment()).isEqualTo("`n` = ('?')");

        BackfillSql shared = BackfillSql.build("n", "varchar(10)", "utf8mb4", List.of(), "UPPER(name)",
                StoredValue.ValueType.TEXT, BackfillSql.Kind.SHARED, false);
        assertThat(shared.pending()).as("a value new code wrote is kept").isEqualTo("`n` IS NULL");
        assertThat(shared.mismatch()).isEqualTo("`n` IS NULL AND (UPPER(name)) IS NOT NULL");
    }
}
