package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the sync triggers declare and when they evaluate in the server's time zone. */
class SyncTriggerTest {

    /** Migration 2's triggers are told from migration 2.1's, whose names begin with {@code _tandem_2_} too. */
    @Test
    void aMigrationsTriggersAreToldFromThoseOfAVersionThatBeginsLikeIt() {
        String own = SyncTrigger.name("2", "people", "full_name", "INSERT", false);
        String later = SyncTrigger.name("2.1", "people", "label", "UPDATE", true);
        assertThat(SyncTrigger.isOfMigration(own, "2", "people")).isTrue();
        assertThat(SyncTrigger.isOfMigration(CopyNames.of("2", "people", "full_name").carryInsert(), "2", "people")).isTrue();
        assertThat(SyncTrigger.isOfMigration(later, "2", "people")).isFalse();
        assertThat(SyncTrigger.isOfMigration(later, "2.1", "people")).isTrue();
        String table = "a_table_whose_name_is_long_enough_to_shorten_its_triggers";
        assertThat(SyncTrigger.name("2", table, "c", "INSERT", false)).hasSize(Identifiers.MAX_NAME);
        assertThat(SyncTrigger.isOfMigration(SyncTrigger.name("2", table, "c", "INSERT", false), "2", table)).isTrue();
        assertThat(SyncTrigger.isOfMigration(SyncTrigger.name("3", table, "c", "INSERT", false), "2", table)).isFalse();
    }

    @Test
    void textLocalsCarryTheColumnsCharacterSet() {
        assertThat(new SyncTrigger.Column("varchar(250)", "utf8mb4", "utf8mb4_unicode_ci").declaration())
                .isEqualTo("varchar(250) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        assertThat(new SyncTrigger.Column("bigint", null, null).declaration()).isEqualTo("bigint");
    }

    @Test
    void timestampsAndTimeFunctionsDependOnTheTimeZone() {
        SyncTrigger.Column timestamp = new SyncTrigger.Column("timestamp(3)", null, null);
        SyncTrigger.Column datetime = new SyncTrigger.Column("datetime", null, null);
        assertThat(SyncTrigger.dependsOnTimeZone("d", timestamp, List.of(datetime))).as("written as TIMESTAMP").isTrue();
        assertThat(SyncTrigger.dependsOnTimeZone("t", datetime, List.of(timestamp))).as("read from a TIMESTAMP").isTrue();
        assertThat(SyncTrigger.dependsOnTimeZone("FROM_UNIXTIME(n)", datetime, List.of())).isTrue();
        assertThat(SyncTrigger.dependsOnTimeZone("d", datetime, List.of(datetime))).isFalse();
    }

    @Test
    void twoWaySyncIsToldFromOneWayInEitherFormOfItsTest() {
        String oneWay = "BEGIN IF @tandem_backfill IS NULL THEN SET NEW.`b` = NEW.`a`; END IF; END";
        String insertTwoWay = "BEGIN IF NEW.`s` IS NOT NULL THEN SET NEW.`c` = (LEFT(`s`, 5)); END IF; END";
        String numberTwoWay = "BEGIN IF NOT (NEW.`s` <=> OLD.`s`) THEN SET NEW.`c` = (LEAST(`s`, 9)); END IF; END";
        String textTwoWay = "BEGIN IF NOT (CAST(NEW.`s` AS BINARY) <=> CAST(OLD.`s` AS BINARY)) THEN SET NEW.`c` = (`s`);"
                + " END IF; END";

        assertThat(SyncTrigger.recomputesTheSame(oneWay, "0000000003")).isTrue();
        assertThat(SyncTrigger.recomputesTheSame(insertTwoWay, "0000000003")).isFalse();
        assertThat(SyncTrigger.recomputesTheSame(numberTwoWay, "0000000003")).isFalse();
        assertThat(SyncTrigger.recomputesTheSame(textTwoWay, "0000000003")).isFalse();
    }

    /** rename_column's update trigger, which keeps the new column where the old one stays NULL, is no two-way pair's. */
    @Test
    void aRenamesCopyUnlessTheOldColumnStaysNullRecomputesTheSame() {
        String rename = "BEGIN IF @tandem_backfill IS NULL THEN IF @tandem_version IS NULL OR @tandem_version < '0000000002' THEN"
                + " IF NOT (NEW.`name` IS NULL AND OLD.`name` IS NULL) THEN SET NEW.`full_name` = NEW.`name`; END IF;"
                + " ELSE SET NEW.`name` = NEW.`full_name`; END IF; END IF; END";

        assertThat(SyncTrigger.recomputesTheSame(rename, "0000000003")).isTrue();
    }

    @Test
    void anUpdateThatKeepsNewCodesValuesRecomputesTheSameOnlyWithinItsOwnMigration() {
        String keeps = "BEGIN IF @tandem_backfill IS NULL THEN IF @tandem_version IS NULL OR @tandem_version < '0000000002' THEN"
                + " IF NOT (CAST(NEW.`name` AS BINARY) <=> CAST(OLD.`name` AS BINARY)) OR NEW.`c` IS NULL THEN"
                + " SET NEW.`c` = (UPPER(name)); END IF; ELSE DO 0; END IF; END IF; END";
        String twoWayOfTheSameMigration = keeps.replace("DO 0;", "IF NEW.`c` IS NOT NULL THEN SET NEW.`o` = NEW.`c`; END IF;");

        assertThat(SyncTrigger.recomputesTheSame(keeps, "0000000003")).as("another migration's, whose new code writes").isFalse();
        assertThat(SyncTrigger.recomputesTheSame(keeps, "0000000002")).as("its own migration's").isTrue();
        assertThat(SyncTrigger.recomputesTheSame(twoWayOfTheSameMigration, "0000000002")).isFalse();
    }
}
