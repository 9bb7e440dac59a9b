package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names of what a copy-based backfill creates. */
class CopyNamesTest {

    @Test
    void namesFollowTheMigrationTableAndColumn() {
        assertThat(CopyNames.of("2.1", "customers", "display")).isEqualTo(new CopyNames("_tandem_2_1_customers_display_new",
                "_tandem_2_1_customers_display_old", "_tandem_2_1_customers_display_cai", "_tandem_2_1_customers_display_cau",
                "_tandem_2_1_customers_display_cad"));
    }

    @Test
    void longNamesAreShortenedWithAChecksumAndStayApart() {
        CopyNames names = CopyNames.of("2", "t".repeat(60), "c");
        assertThat(names.copy()).hasSize(64).endsWith("_new");
        assertThat(names.old()).hasSize(64).endsWith("_old");
        assertThat(names.copy().substring(0, 60)).isEqualTo(names.old().substring(0, 60));
        assertThat(CopyNames.of("2", "t".repeat(60), "d").copy()).isNotEqualTo(names.copy());
    }

    @Test
    void theCopysSyncTriggersAreNamedApartFromTheTables() {
        Steps.TriggerPair pair = Steps.TriggerPair.of("2", "customers", "display");
        assertThat(pair.names()).containsExactly("_tandem_2_customers_display_bi", "_tandem_2_customers_display_bu",
                "_tandem_2_customers_display_ni", "_tandem_2_customers_display_nu");
    }

    @Test
    void eachNameOfAPairGivesTheOtherHoweverLongTheStem() {
        for (int length = 1; length < 80; length++) { // stems around 61 characters are cut, or not, for both alike
            Steps.TriggerPair pair = Steps.TriggerPair.of("2", "t".repeat(length), "c");
            assertThat(SyncTrigger.otherName(pair.insert())).isEqualTo(pair.onCopy().insert());
            assertThat(SyncTrigger.otherName(pair.onCopy().insert())).isEqualTo(pair.insert());
            assertThat(SyncTrigger.otherName(pair.update())).isEqualTo(pair.onCopy().update());
            assertThat(SyncTrigger.otherName(pair.onCopy().update())).isEqualTo(pair.update());
            assertThat(pair.names()).allMatch(n -> n.length() <= 64).doesNotHaveDuplicates();
        }
        assertThat(SyncTrigger.otherName("_TANDEM_2_T_C_BU")).isEqualTo("_TANDEM_2_T_C_nU");
    }
}
