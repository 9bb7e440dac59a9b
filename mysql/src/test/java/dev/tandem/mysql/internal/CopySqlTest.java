package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The statements of a copy-based backfill. */
class CopySqlTest {

    private static ColumnInfo column(String name, String type) {
        return new ColumnInfo(name, new Columns(type, null, null, true, null, "", ""), "");
    }

    private static final List<ColumnInfo> COLUMNS = List.of(column("id", "bigint"), column("name", "varchar(100)"),
            column("balance", "int"), column("display", "varchar(120)"));
    private static final String EXPRESSION = "CONCAT('#', name)";

    private static CopySql sql(BackfillSql.Kind kind) {
        return new CopySql("customers", "customers_new", new BackfillKey(List.of("id"), true), COLUMNS, "display",
                EXPRESSION, kind, "`display` IS NULL");
    }

    @Test
    void theCopyIsTheTableLikeItself() {
        assertThat(sql(BackfillSql.Kind.SYNCED).createCopy()).isEqualTo("CREATE TABLE `customers_new` LIKE `customers`");
    }

    @Test
    void aSyncedTargetIsComputedForEveryRowInOneLockingInsertThatSkipsRowsAlreadyThere() {
        assertThat(sql(BackfillSql.Kind.SYNCED).copyChunk(List.of("7"), true)).containsExactly("INSERT INTO `customers_new`"
                + " (`id`, `name`, `balance`, `display`) SELECT `id`, `name`, `balance`, (CONCAT('#', name)) FROM `customers` FORCE INDEX (PRIMARY)"
                + " WHERE (`id`) > (?) AND (`id`) <= (?) LOCK IN SHARE MODE"
                + " ON DUPLICATE KEY UPDATE `customers_new`.`id` = `customers_new`.`id`");
    }

    @Test
    void aWriteThatMustNotWaitForALockRunsWithNoLockWaitForItselfAlone() {
        assertThat(CopySql.withoutLockWait("INSERT INTO `customers_new` SELECT 1"))
                .isEqualTo("SET STATEMENT innodb_lock_wait_timeout = 0 FOR INSERT INTO `customers_new` SELECT 1");
    }

    @Test
    void aSharedTargetKeepsWhatTheTableHoldsAndFillsOnlyNulls() {
        List<String> statements = sql(BackfillSql.Kind.SHARED).copyChunk(null, true);
        assertThat(statements).hasSize(2);
        assertThat(sql(BackfillSql.Kind.SHARED).copyChunk(null, false)).as("no value to keep: only the fill")
                .containsExactly(statements.get(1));
        assertThat(statements.get(0)).contains("SELECT `id`, `name`, `balance`, `display` FROM `customers` FORCE INDEX (PRIMARY) WHERE (`id`) <= (?)"
                + " AND `display` IS NOT NULL LOCK IN SHARE MODE");
        assertThat(statements.get(1)).contains("SELECT `id`, `name`, `balance`, (CONCAT('#', name)) FROM `customers`"
                + " FORCE INDEX (PRIMARY) WHERE (`id`) <= (?) AND `display` IS NULL LOCK IN SHARE MODE");
        assertThat(statements.get(1)).as("a row carried in without a value gets the chunk's").endsWith(" ON DUPLICATE KEY UPDATE"
                + " `customers_new`.`display` = IF(`customers_new`.`display` IS NULL, VALUES(`display`), `customers_new`.`display`)");
    }

    /** A carried row whose NULL the chunk fills keeps its ON UPDATE CURRENT_TIMESTAMP column as the table holds it. */
    @Test
    void theFillOfACarriedRowLeavesAColumnThatStampsItselfAsItIs() {
        ColumnInfo stamped = new ColumnInfo("updated_at", new Columns("timestamp", null, null, false, "CURRENT_TIMESTAMP",
                "DEFAULT_GENERATED on update CURRENT_TIMESTAMP", ""), "");
        CopySql sql = new CopySql("customers", "customers_new", new BackfillKey(List.of("id"), true),
                List.of(column("id", "bigint"), stamped, column("display", "varchar(120)")), "display", EXPRESSION,
                BackfillSql.Kind.OPTIONAL, "FALSE");
        assertThat(sql.copyChunk(null, false)).singleElement().asString().endsWith(" ON DUPLICATE KEY UPDATE"
                + " `customers_new`.`display` = IF(`customers_new`.`display` IS NULL, VALUES(`display`), `customers_new`.`display`),"
                + " `customers_new`.`updated_at` = `customers_new`.`updated_at`");
    }

    @Test
    void aCarriedNullKeepsTheCopysValueUnlessTheUpdateClearedOneTheTableHeld() {
        CopySql sql = sql(BackfillSql.Kind.OPTIONAL);
        assertThat(sql.carryInsert("ci")).contains(" ON DUPLICATE KEY UPDATE")
                .contains("`customers_new`.`display` = IF(`_tandem_kept` IS NULL, `customers_new`.`display`, `_tandem_kept`)");
        assertThat(sql.carryUpdate("cu"))
                .contains("    IF `_tandem_kept` IS NULL AND OLD.`display` IS NULL THEN\n      SELECT `display` INTO `_tandem_kept`")
                .contains("`customers_new`.`display` = IF(`_tandem_kept` IS NULL AND OLD.`display` IS NULL,"
                        + " `customers_new`.`display`, `_tandem_kept`)");
    }

    @Test
    void aRepairReplacesTheChunkAndDeletesRowsTheTableNoLongerHolds() {
        assertThat(sql(BackfillSql.Kind.SYNCED).recopyChunk(List.of("7"), false)).singleElement().asString()
                .startsWith("REPLACE INTO `customers_new` (").endsWith("LOCK IN SHARE MODE");
        assertThat(sql(BackfillSql.Kind.SYNCED).deleteGone(List.of("7"))).isEqualTo("DELETE FROM `customers_new` WHERE"
                + " (`id`) > (?) AND (`id`) <= (?) AND NOT EXISTS (SELECT 1 FROM `customers` `_tandem_other`"
                + " WHERE `_tandem_other`.`id` = `customers_new`.`id`)");
    }

    @Test
    void theChunkIsLockedBeforeItIsCopiedCountingTheValuesItHolds() {
        assertThat(sql(BackfillSql.Kind.SYNCED).lockChunk(null))
                .isEqualTo("SELECT COUNT(`display`) FROM `customers` FORCE INDEX (PRIMARY) WHERE (`id`) <= (?) LOCK IN SHARE MODE");
    }

    @Test
    void whetherAnyRowHoldsATargetIsOneConsistentReadThatStopsAtTheFirst() {
        assertThat(sql(BackfillSql.Kind.SHARED).targetHeld())
                .isEqualTo("SELECT 1 FROM `customers` WHERE `display` IS NOT NULL LIMIT 1");
    }

    @Test
    void carryTriggersWriteWholeRowsAndFollowAChangedKey() {
        CopySql sql = sql(BackfillSql.Kind.SYNCED);
        assertThat(sql.carryInsert("ci")).isEqualTo("CREATE TRIGGER `ci` AFTER INSERT ON `customers` FOR EACH ROW\n"
                + "BEGIN\n"
                + "  REPLACE INTO `customers_new` (`id`, `name`, `balance`, `display`) VALUES (NEW.`id`, NEW.`name`,"
                + " NEW.`balance`, NEW.`display`);\n"
                + "END");
        assertThat(sql.carryUpdate("cu")).contains(" AFTER UPDATE ON `customers` ")
                .contains("  IF NOT (OLD.`id` <=> NEW.`id`) THEN\n    DELETE FROM `customers_new` WHERE `id` = OLD.`id`;\n  END IF;\n"
                        + "  REPLACE INTO `customers_new`");
        assertThat(sql.carryDelete("cd")).isEqualTo("CREATE TRIGGER `cd` AFTER DELETE ON `customers` FOR EACH ROW\n"
                + "BEGIN\n"
                + "  INSERT INTO `customers_new` (`id`, `name`, `balance`, `display`) VALUES (OLD.`id`, OLD.`name`,"
                + " OLD.`balance`, OLD.`display`) ON DUPLICATE KEY UPDATE `id` = `id`;\n"
                + "  DELETE FROM `customers_new` WHERE `id` = OLD.`id`;\n"
                + "END");
    }

    /**
     * rename_column's copy carries the column renamed into the new name, not the table's own value of it, which a
     * copy never fills; of another type (alter_column's), the value the sync triggers converted.
     */
    @Test
    void aRenamedColumnIsCarriedFromTheColumnItRenames() {
        List<ColumnInfo> columns = List.of(column("id", "bigint"), column("nick", "varchar(20)"), column("full_nick",
                "varchar(20)"), column("amount", "int"), column("_tandem_amount", "bigint"));
        CopySql rename = new CopySql("customers", "customers_new", new BackfillKey(List.of("id"), true), columns,
                "full_nick", "`nick`", BackfillSql.Kind.SYNCED, "FALSE");
        assertThat(rename.carryUpdate("cu")).contains("REPLACE INTO `customers_new` (`id`, `nick`, `full_nick`, `amount`,"
                + " `_tandem_amount`) VALUES (NEW.`id`, NEW.`nick`, NEW.`nick`, NEW.`amount`, NEW.`_tandem_amount`);\n");
        assertThat(rename.carryInsert("ci")).contains("VALUES (NEW.`id`, NEW.`nick`, NEW.`nick`, NEW.`amount`,");
        CopySql alter = new CopySql("customers", "customers_new", new BackfillKey(List.of("id"), true), columns,
                "_tandem_amount", "`amount`", BackfillSql.Kind.SYNCED, "FALSE");
        assertThat(alter.carryUpdate("cu")).contains("VALUES (NEW.`id`, NEW.`nick`, NEW.`full_nick`, NEW.`amount`,"
                + " NEW.`_tandem_amount`);\n");
    }

    /** Its bytes copied, in the writer's own zone: a switch to UTC outlived a deadlock, which no handler sees. */
    @Test
    void aTableWithATimestampIsCarriedInTheWritersZone() {
        CopySql sql = new CopySql("events", "events_new", new BackfillKey(List.of("id"), true),
                List.of(column("id", "bigint"), column("at", "timestamp(3)"), column("label", "varchar(20)")), "label",
                "CONCAT('#', id)", BackfillSql.Kind.SYNCED, "FALSE");
        assertThat(sql.carryInsert("ci")).isEqualTo("CREATE TRIGGER `ci` AFTER INSERT ON `events` FOR EACH ROW\n"
                + "BEGIN\n"
                + "  REPLACE INTO `events_new` (`id`, `at`, `label`) VALUES (NEW.`id`, NEW.`at`, NEW.`label`);\n"
                + "END");
    }

    /** A TIMESTAMP target that new code may hold passes through a variable and IF(): only UTC keeps its instant. */
    @Test
    void aHeldTimestampTargetIsCarriedInUtcAndTheWritersZoneGivenBack() {
        CopySql sql = new CopySql("events", "events_new", new BackfillKey(List.of("id"), true),
                List.of(column("id", "bigint"), column("at", "timestamp"), column("at_ms", "timestamp(3)")), "at_ms",
                "at", BackfillSql.Kind.OPTIONAL, "FALSE");
        assertThat(sql.carryInsert("ci")).startsWith("CREATE TRIGGER `ci` AFTER INSERT ON `events` FOR EACH ROW\n"
                + "BEGIN\n"
                + "  DECLARE _tandem_writer_time_zone VARCHAR(64) DEFAULT @@session.time_zone;\n"
                + "  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN SET time_zone = _tandem_writer_time_zone; RESIGNAL; END;\n"
                + "  SET time_zone = '+00:00';\n").endsWith("  SET time_zone = _tandem_writer_time_zone;\nEND");
    }

    @Test
    void aCompositeKeyMatchesOnEveryColumn() {
        CopySql sql = new CopySql("lines", "lines_new", new BackfillKey(List.of("order_id", "line"), false),
                List.of(column("order_id", "int"), column("line", "int"), column("item", "text")), "item", "UPPER(item)",
                BackfillSql.Kind.SYNCED, "x");
        assertThat(sql.carryDelete("cd")).endsWith("WHERE `order_id` = OLD.`order_id` AND `line` = OLD.`line`;\nEND");
        assertThat(sql.countMissing(null)).isEqualTo("SELECT COUNT(*) FROM `lines` FORCE INDEX (PRIMARY) WHERE (`order_id`, `line`) <= (?, ?)"
                + " AND NOT EXISTS (SELECT 1 FROM `lines_new` `_tandem_other` WHERE `_tandem_other`.`order_id` ="
                + " `lines`.`order_id` AND `_tandem_other`.`line` = `lines`.`line`)");
    }

    @Test
    void verificationComparesEveryOtherColumnExactlyInOneReadOfBothTables() {
        assertThat(sql(BackfillSql.Kind.SYNCED).countWrong(List.of("7"))).isEqualTo("SELECT COUNT(*) FROM `customers_new`"
                + " FORCE INDEX (PRIMARY) WHERE (`id`) > (?) AND (`id`) <= (?) AND ((`display` IS NULL) OR NOT EXISTS (SELECT 1 FROM `customers`"
                + " `_tandem_other` WHERE `_tandem_other`.`id` = `customers_new`.`id`"
                + " AND CAST(`_tandem_other`.`name` AS BINARY) <=> CAST(`customers_new`.`name` AS BINARY)"
                + " AND `_tandem_other`.`balance` <=> `customers_new`.`balance`))");
        assertThat(sql(BackfillSql.Kind.SHARED).countWrong(null)).as("a value the table holds is the copy's")
                .contains(" AND (`_tandem_other`.`display` IS NULL OR CAST(`_tandem_other`.`display` AS BINARY) <=>"
                        + " CAST(`customers_new`.`display` AS BINARY))))");
    }

    /**
     * A text key's case or trailing spaces changed while the copy's carry trigger was missing: the keys match by
     * their collation, so the key is compared as bytes too, or the checksums differed and no row was counted wrong.
     */
    @Test
    void aTextKeyIsComparedAsBytes() {
        CopySql sql = new CopySql("codes", "codes_new", new BackfillKey(List.of("code"), false),
                List.of(column("code", "varchar(20)"), column("label", "varchar(20)")), "label", "UPPER(code)",
                BackfillSql.Kind.SYNCED, "FALSE");
        assertThat(sql.countWrong(null)).contains("WHERE `_tandem_other`.`code` = `codes_new`.`code` AND CAST(`_tandem_other`.`code`"
                + " AS BINARY) <=> CAST(`codes_new`.`code` AS BINARY))");
        assertThat(sql(BackfillSql.Kind.SYNCED).countWrong(null)).as("an integer key matched already")
                .doesNotContain("`_tandem_other`.`id` <=>");
    }

    /** Only where new code may leave the column NULL (add_column) is a NULL in both tables not counted wrong. */
    @Test
    void onlyAnAddedColumnsNullsInBothTablesAreNewCodes() {
        assertThat(sql(BackfillSql.Kind.OPTIONAL).countWrongButNewCodesNulls(null)).contains("((`display` IS NULL) AND NOT EXISTS"
                + " (SELECT 1 FROM `customers` `_tandem_other` WHERE `_tandem_other`.`id` = `customers_new`.`id` AND"
                + " `_tandem_other`.`display` IS NULL) OR NOT EXISTS");
        for (BackfillSql.Kind kind : List.of(BackfillSql.Kind.SHARED, BackfillSql.Kind.SYNCED)) {
            assertThat(sql(kind).countWrongButNewCodesNulls(null)).as(kind.name()).isEqualTo(sql(kind).countWrong(null));
        }
    }

    @Test
    void theFirstLookOfTheVerificationIsAChecksumOfEachSideWithoutTheTarget() {
        CopySql sql = sql(BackfillSql.Kind.SHARED);
        assertThat(sql.checksumTable(null, false)).startsWith("SELECT COUNT(*), COALESCE(BIT_XOR(").contains("`name`", "`balance`")
                .doesNotContain("CAST(`display`").endsWith(", COUNT(`display`) FROM `customers` FORCE INDEX (PRIMARY)"
                        + " WHERE (`id`) <= (?)");
        assertThat(sql.checksumCopy(null)).endsWith(", COALESCE(SUM(CASE WHEN (`display` IS NULL) THEN 1 ELSE 0 END), 0)"
                + " FROM `customers_new` FORCE INDEX (PRIMARY) WHERE (`id`) <= (?)");
        assertThat(sql.checksumCopy(null).replace("`customers_new`", "T").replace(", COALESCE(SUM(CASE WHEN (`display` IS NULL)"
                + " THEN 1 ELSE 0 END), 0)", "")).as("the same row bytes on both sides")
                .isEqualTo(sql.checksumTable(null, false).replace("`customers`", "T").replace(", COUNT(`display`)", ""));
    }

    /** On MariaDB the first look also evaluates the expression where the copy computed it, for its warnings. */
    @Test
    void theFirstLookCanEvaluateTheExpressionWhereTheCopyComputesIt() {
        assertThat(sql(BackfillSql.Kind.SHARED).checksumTable(null, true)).as("only where the table holds no value")
                .endsWith(", COUNT(`display`), BIT_XOR(CRC32(CASE WHEN `display` IS NULL THEN (" + EXPRESSION + ") END))"
                        + " FROM `customers` FORCE INDEX (PRIMARY) WHERE (`id`) <= (?)");
        assertThat(sql(BackfillSql.Kind.SYNCED).checksumTable(null, true)).as("every row").endsWith(", COUNT(`display`),"
                + " BIT_XOR(CRC32((" + EXPRESSION + "))) FROM `customers` FORCE INDEX (PRIMARY) WHERE (`id`) <= (?)");
    }

    @Test
    void valuesTheTableHoldsAreLookedUpInTheCopyOnlyForTheRowsThatHoldOne() {
        assertThat(sql(BackfillSql.Kind.SHARED).countHeldDiffer(null)).isEqualTo("SELECT COUNT(*) FROM `customers`"
                + " FORCE INDEX (PRIMARY) WHERE (`id`) <= (?) AND `display` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
                + " `customers_new` `_tandem_other` WHERE `_tandem_other`.`id` = `customers`.`id` AND"
                + " CAST(`_tandem_other`.`display` AS BINARY) <=> CAST(`customers`.`display` AS BINARY))");
    }

    @Test
    void theSwapRenamesBothTablesInOneStatement() {
        assertThat(sql(BackfillSql.Kind.SYNCED).swap("customers_old"))
                .isEqualTo("RENAME TABLE `customers` TO `customers_old`, `customers_new` TO `customers`");
        assertThat(sql(BackfillSql.Kind.SYNCED).setAutoIncrement(42)).isEqualTo("ALTER TABLE `customers_new` AUTO_INCREMENT = 42");
    }

    @Test
    void theNextAutoIncrementIsReadFromTheTableOptionsNotFromAColumnOrComment() {
        String create = "CREATE TABLE `customers` (\n"
                + "  `id` bigint NOT NULL AUTO_INCREMENT COMMENT 'AUTO_INCREMENT=5',\n"
                + "  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB AUTO_INCREMENT=30517 DEFAULT CHARSET=utf8mb4 COMMENT='AUTO_INCREMENT=9'";
        assertThat(CopySql.nextAutoIncrement(create)).isEqualTo(OptionalLong.of(30517));
        assertThat(CopySql.nextAutoIncrement("CREATE TABLE `t` (\n  `id` int NOT NULL\n) ENGINE=InnoDB")).isEmpty();
        assertThat(CopySql.nextAutoIncrement("CREATE TABLE `t` (\n  `id` int NOT NULL\n) ENGINE=InnoDB COMMENT=' AUTO_INCREMENT=9'"))
                .as("only in the comment").isEmpty();
    }

    @Test
    void aCopyHasItsTablesShapeUntilSomeoneChangesTheTable() {
        String table = "CREATE TABLE `customers` (\n  `id` bigint NOT NULL AUTO_INCREMENT,\n  `name` varchar(100) NOT NULL,\n"
                + "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=30517 DEFAULT CHARSET=utf8mb4 COMMENT=' AUTO_INCREMENT=9'";
        String copy = table.replace("`customers`", "`_tandem_2_customers_note_new`").replace("=30517", "=40000");
        assertThat(CopySql.shapeDifferences(table, copy)).as("names and next values aside").isEmpty();
        assertThat(CopySql.shapeDifferences(table, copy.replace(" AUTO_INCREMENT=40000", ""))).as("an empty copy").isEmpty();
        String changed = table.replace("  PRIMARY KEY (`id`)\n", "  `extra` int DEFAULT NULL,\n  PRIMARY KEY (`id`),\n"
                + "  KEY `by_name` (`name`)\n");
        assertThat(CopySql.shapeDifferences(changed, copy)).containsExactly("table: `extra` int DEFAULT NULL",
                "table: KEY `by_name` (`name`)");
        assertThat(CopySql.shapeDifferences(table, copy.replace("COMMENT=' AUTO_INCREMENT=9'", "COMMENT='x'")))
                .containsExactly("table: ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT=' AUTO_INCREMENT=9'",
                        "copy: ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='x'");
    }

    @Test
    void theCopysAutoIncrementIsSetOnlyWhereTheTablesIsPastIt() {
        String none = "CREATE TABLE `t` (\n  `id` int NOT NULL\n) ENGINE=InnoDB";
        assertThat(CopySql.autoIncrementToSet(withAutoIncrement(30517), withAutoIncrement(30517))).as("there already").isEmpty();
        assertThat(CopySql.autoIncrementToSet(withAutoIncrement(30517), withAutoIncrement(40000))).as("past it").isEmpty();
        assertThat(CopySql.autoIncrementToSet(withAutoIncrement(30517), withAutoIncrement(30000)))
                .as("rows deleted at the table's end").isEqualTo(OptionalLong.of(30517));
        assertThat(CopySql.autoIncrementToSet(withAutoIncrement(30517), none)).as("an empty copy").isEqualTo(OptionalLong.of(30517));
        assertThat(CopySql.autoIncrementToSet(none, none)).as("no AUTO_INCREMENT column").isEmpty();
    }

    private static String withAutoIncrement(long next) {
        return "CREATE TABLE `t` (\n  `id` bigint NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT="
                + next + " DEFAULT CHARSET=utf8mb4";
    }

    @Test
    void bothSidesAreCountedInOneStatementSoInOneReadView() {
        assertThat(sql(BackfillSql.Kind.SYNCED).countBoth())
                .isEqualTo("SELECT (SELECT COUNT(*) FROM `customers`), (SELECT COUNT(*) FROM `customers_new`)");
    }

    @Test
    void theSwapHoldsBothTablesSoTheTableCannotChangeBetweenItsLastCheckAndTheRename() {
        assertThat(sql(BackfillSql.Kind.SYNCED).lockBoth()).isEqualTo("LOCK TABLES `customers` WRITE, `customers_new` WRITE");
    }

    @Test
    void onlyMySqlFrom8013RenamesTablesUnderLockTables() {
        assertThat(ServerFlavor.renamesLockedTables(false, "8.0.31")).isTrue();
        assertThat(ServerFlavor.renamesLockedTables(false, "8.0.13-log")).isTrue();
        assertThat(ServerFlavor.renamesLockedTables(false, "8.4.3")).isTrue();
        assertThat(ServerFlavor.renamesLockedTables(false, "8.0.12")).isFalse();
        assertThat(ServerFlavor.renamesLockedTables(false, "5.7.44")).isFalse();
        assertThat(ServerFlavor.renamesLockedTables(true, "11.4.5-MariaDB")).isFalse();
    }

    @Test
    void setNotNullsFillingOfNullsIsNoCopy() {
        assertThatThrownBy(() -> sql(BackfillSql.Kind.NULLS)).isInstanceOf(IllegalArgumentException.class);
    }
}
