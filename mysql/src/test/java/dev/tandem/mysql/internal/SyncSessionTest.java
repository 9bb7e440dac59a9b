package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The sql_mode the sync triggers and the backfill run with: strict, but taking every date a column holds,
 * and inserting a 0 id as 0.
 */
class SyncSessionTest {

    @Test
    void dropsTheModesThatRefuseStoredDatesKeepsStrictnessAndKeepsZeroIds() {
        assertThat(SyncSession.syncMode("ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION")).isEqualTo("ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,"
                + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES,NO_AUTO_VALUE_ON_ZERO");
        assertThat(SyncSession.syncMode("")).isEqualTo("ALLOW_INVALID_DATES,NO_AUTO_VALUE_ON_ZERO");
        assertThat(SyncSession.syncMode("NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES"))
                .isEqualTo("NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES");
    }

    /** MySQL copies a date or time column's bytes only in a mode with none of the date modes. */
    @Test
    void carryTriggersRunWithoutAllowInvalidDates() {
        assertThat(SyncSession.carryMode("STRICT_TRANS_TABLES,ALLOW_INVALID_DATES,NO_AUTO_VALUE_ON_ZERO"))
                .isEqualTo("STRICT_TRANS_TABLES,NO_AUTO_VALUE_ON_ZERO");
        assertThat(SyncSession.carryMode(SyncSession.syncMode(""))).isEqualTo("NO_AUTO_VALUE_ON_ZERO");
    }
}
