package dev.tandem.mysql.internal.move;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings new sessions take, as they act: compared between a move's two servers. */
class ServerFactsTest {

    @Test
    void aSystemZoneIsTheHostsAndModesCompareInAnyOrder() {
        ServerFacts berlin = new ServerFacts(true, "11.4.5-MariaDB", Map.of("time_zone", "SYSTEM", "system_time_zone", "CET",
                "sql_mode", "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO"));
        ServerFacts utc = new ServerFacts(true, "11.4.5-MariaDB", Map.of("time_zone", "SYSTEM", "system_time_zone", "UTC",
                "sql_mode", "error_for_division_by_zero,strict_trans_tables"));

        assertThat(berlin.sessionDefault("time_zone")).isEqualTo("SYSTEM (CET)").isNotEqualTo(utc.sessionDefault("time_zone"));
        assertThat(berlin.sessionDefault("sql_mode")).isEqualTo(utc.sessionDefault("sql_mode"))
                .isEqualTo("ERROR_FOR_DIVISION_BY_ZERO,STRICT_TRANS_TABLES");
        assertThat(berlin.sessionDefault("auto_increment_offset")).as("not read: not compared").isNull();
    }
}
