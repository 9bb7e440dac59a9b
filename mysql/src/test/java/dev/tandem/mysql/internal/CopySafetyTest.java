package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What stands in the way of copying a table. */
class CopySafetyTest {

    private static final TableStorage INNODB = new TableStorage("InnoDB", false, 0, false);
    private static final List<IndexInfo> PRIMARY = List.of(new IndexInfo("PRIMARY", true,
            List.of(new IndexInfo.Part("id", null, false))));

    /** A sync trigger's body as Tandem writes it, one way: {@code SET NEW.c = (expression)}. */
    private static final String ONE_WAY = "BEGIN\n  IF @tandem_backfill IS NULL THEN\n    IF @tandem_version IS NULL OR"
            + " @tandem_version < '0000000002' THEN\n      SET NEW.`c` = NEW.`name`;\n    ELSE\n      DO 0;\n    END IF;\n"
            + "  END IF;\nEND";
    /** One of alter_column with down: new code may write either column. */
    private static final String TWO_WAY = ONE_WAY.replace("      DO 0;\n", "      IF NEW.`c` IS NOT NULL THEN\n"
            + "        SET NEW.`old` = NEW.`c`;\n      ELSE\n        SET NEW.`c` = NEW.`old`;\n      END IF;\n");

    /** add_column's update trigger with up: old code's update of other columns keeps the value. */
    private static final String KEEPS_NEW_CODES = ONE_WAY.replace("      SET NEW.`c` = NEW.`name`;\n",
            "      IF NOT (CAST(NEW.`name` AS BINARY) <=> CAST(OLD.`name` AS BINARY)) OR NEW.`c` IS NULL THEN\n"
            + "        SET NEW.`c` = NEW.`name`;\n      END IF;\n");

    private static TriggerDefinition trigger(String name, String event, String timing, String body) {
        return new TriggerDefinition(new TriggerInfo(name, event, timing, 1), body, "STRICT_TRANS_TABLES", "utf8mb4_general_ci");
    }

    @Test
    void aPlainInnoDbTableWithAPrimaryKeyAndOnlySyncAndCarryTriggersCanBeCopied() {
        assertThat(CopySafety.problems(INNODB, List.of(), PRIMARY, List.of(), List.of(trigger("_tandem_2_t_c_BI", "INSERT", "BEFORE",
                ONE_WAY), trigger("_tandem_1_t_d_nu", "UPDATE", "BEFORE", ONE_WAY), trigger("_tandem_2_t_c_cai", "INSERT",
                "AFTER", "REPLACE INTO x VALUES (NEW.id)")), Set.of("_tandem_2_t_c_cai"), Set.of("_tandem_2_t_c_bi"),
                "0000000002", List.of())).isEmpty();
    }

    @Test
    void aTriggerThatKeepsNewCodesValuesStandsInTheWayOfAnotherMigrationsCopyNotOfItsOwnMigrations() {
        List<TriggerDefinition> triggers = List.of(trigger("_tandem_2_t_c_bu", "UPDATE", "BEFORE", KEEPS_NEW_CODES));
        assertThat(CopySafety.problems(INNODB, List.of(), PRIMARY, List.of(), triggers, Set.of(), Set.of("_tandem_3_t_d_bu"),
                "0000000003", List.of())).singleElement().asString()
                .contains("_tandem_2_t_c_bu of other columns sync both ways, keep values new code wrote");
        assertThat(CopySafety.problems(INNODB, List.of(), PRIMARY, List.of(), triggers, Set.of(), Set.of("_tandem_2_t_d_bu"),
                "0000000002", List.of())).as("another column of the same migration, whose new code has not written yet")
                .isEmpty();
    }

    @Test
    void theApplicationsTriggersStillStandInTheWayEvenUnderTandemsNames() {
        assertThat(CopySafety.problems(INNODB, List.of(), PRIMARY, List.of(), List.of(trigger("audit", "INSERT", "AFTER", "SET @a = 1"),
                trigger("_tandem_2_t_c_bi", "INSERT", "BEFORE", "SET NEW.c = 1"), trigger("_tandem_2_t_c_bu", "INSERT",
                "BEFORE", ONE_WAY)), Set.of(), Set.of(), "0000000003", List.of()))
                .containsExactly("it has triggers of its own (audit, _tandem_2_t_c_bi, _tandem_2_t_c_bu), which the copy"
                        + " would not have");
    }

    @Test
    void anotherColumnsTwoWayOrChangingSyncStandsInTheWayTheColumnsOwnIsTheTasksToJudge() {
        List<TriggerDefinition> triggers = List.of(trigger("_tandem_2_t_c_bi", "INSERT", "BEFORE", TWO_WAY),
                trigger("_tandem_3_t_d_bi", "INSERT", "BEFORE", ONE_WAY.replace("NEW.`name`", "UUID()")));
        assertThat(CopySafety.problems(INNODB, List.of(), PRIMARY, List.of(), triggers, Set.of(), Set.of("_tandem_3_t_d_bi"), "0000000003", List.of()))
                .singleElement().asString().contains("_tandem_2_t_c_bi of other columns sync both ways");
        assertThat(CopySafety.problems(INNODB, List.of(), PRIMARY, List.of(), triggers, Set.of(), Set.of("_tandem_2_t_c_bi"), "0000000003", List.of()))
                .singleElement().asString().contains("_tandem_3_t_d_bi of other columns");
    }

    @Test
    void aPrimaryKeyWithAGeneratedOrAFloatingPointColumnIsNamedAndAUniqueIndexOverTheComputedColumn() {
        ColumnInfo id = column("id", "bigint", null);
        ColumnInfo uuid = column("uuid_bin", "binary(16)", "uuid_to_bin(`uuid`)");
        ColumnInfo ratio = column("ratio", "double", null);
        List<IndexInfo> byIdAndRatio = List.of(new IndexInfo("PRIMARY", true, List.of(new IndexInfo.Part("id", null, false),
                new IndexInfo.Part("ratio", null, false))));
        assertThat(CopySafety.primaryKeyProblem(List.of(id, ratio), PRIMARY)).isEmpty();
        assertThat(CopySafety.primaryKeyProblem(List.of(id, ratio), byIdAndRatio)).get().asString()
                .contains("FLOAT or DOUBLE column(s) ratio");
        assertThat(CopySafety.primaryKeyProblem(List.of(uuid), List.of(new IndexInfo("PRIMARY", true,
                List.of(new IndexInfo.Part("uuid_bin", null, false)))))).get().asString().contains("generated column(s) uuid_bin");

        List<IndexInfo> unique = List.of(PRIMARY.get(0), new IndexInfo("by_email", true,
                List.of(new IndexInfo.Part("_tandem_email", null, false))), new IndexInfo("by_name", false,
                List.of(new IndexInfo.Part("name", null, false))));
        assertThat(CopySafety.uniqueOver("_tandem_email", List.of(), unique)).get().asString().contains("unique index by_email");
        assertThat(CopySafety.uniqueOver("name", List.of(), unique)).isEmpty();
        assertThat(CopySafety.uniqueOver("id", List.of(), unique)).as("the primary key's clashes are the carried rows'").isEmpty();
    }

    /**
     * A unique index over a generated column computed from the column (at one remove too), or with an expression
     * part, which may read it: the copy's skipped clash and the verification's REPLACE lost a row as over the column.
     */
    @Test
    void aUniqueIndexOverWhatIsComputedFromTheColumnOrOverAnExpressionStandsInTheWay() {
        List<ColumnInfo> columns = List.of(column("id", "bigint", null), column("email_norm", "varchar(40)", null),
                column("email_key", "varchar(40)", "LOWER(email_norm)"), column("email_hash", "char(32)", "MD5(`email_key`)"),
                column("name", "varchar(40)", null));
        IndexInfo.Part id = new IndexInfo.Part("id", null, false);
        assertThat(CopySafety.uniqueOver("email_norm", columns, List.of(new IndexInfo("by_hash", true,
                List.of(new IndexInfo.Part("email_hash", null, true)))))).get().asString()
                .contains("unique index by_hash is over email_norm or a generated column computed from it");
        assertThat(CopySafety.uniqueOver("email_norm", columns, List.of(new IndexInfo("by_lower", true,
                List.of(id, new IndexInfo.Part(null, null, true)))))).get().asString()
                .contains("unique index by_lower is over email_norm or may be (an expression part)");
        assertThat(CopySafety.uniqueOver("name", columns, List.of(new IndexInfo("by_hash", true,
                List.of(new IndexInfo.Part("email_hash", null, true)))))).as("computed from another column").isEmpty();
    }

    private static ColumnInfo column(String name, String type, String generatedFrom) {
        return new ColumnInfo(name, new Columns(type, null, null, false, null, generatedFrom == null ? "" : "STORED GENERATED",
                null), generatedFrom);
    }

    @Test
    void everyObstacleIsNamed() {
        List<String> problems = CopySafety.problems(new TableStorage("MyISAM", true, 0, true), List.of("DATA DIRECTORY='/x'"),
                List.of(new IndexInfo("email", true, List.of(new IndexInfo.Part("email", null, false)))),
                List.of(new ForeignKeyInfo("fk_orders_customer", "orders", List.of("customer_id"), "customers", List.of("id"), "")),
                List.of(trigger("audit", "UPDATE", "AFTER", "SET @a = 1")), Set.of(), Set.of(), "0000000003", List.of("customers_chk_1"));
        assertThat(problems).hasSize(8);
        assertThat(String.join("\n", problems)).contains("MyISAM", "partitioned", "system-versioned",
                "outside the server's data directory (DATA DIRECTORY='/x')", "no primary key",
                "fk_orders_customer (orders references customers)", "(audit)", "CHECK constraints (customers_chk_1)");
    }

    @Test
    void theOptionsThatPlaceATablesFilesAreReadFromItsTableOptionsOnly() {
        String placed = "CREATE TABLE `t` (\n  `id` bigint NOT NULL,\n  `note` varchar(20) DEFAULT 'DATA DIRECTORY=''/no''',\n"
                + "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 DATA DIRECTORY='/srv/fast/' INDEX DIRECTORY='/srv/it''s/'";
        assertThat(CopySafety.directoryOptions(placed)).containsExactly("DATA DIRECTORY='/srv/fast/'",
                "INDEX DIRECTORY='/srv/it''s/'");
        assertThat(CopySafety.directoryOptions("CREATE TABLE `t` (\n  `id` bigint NOT NULL,\n  PRIMARY KEY (`id`)\n)"
                + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")).isEmpty();
    }
}
