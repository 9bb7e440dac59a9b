package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the sync triggers declare and when they evaluate in the server's time zone. */
class SyncTriggerTest {

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
}
