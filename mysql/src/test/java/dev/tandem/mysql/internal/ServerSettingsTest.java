package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which session settings besides the mode and the zone an expression's value depends on. */
class ServerSettingsTest {

    @Test
    void namesOfDaysAndMonthsDependOnTheLocale() {
        assertThat(ServerSettings.readBy("DATE_FORMAT(placed, '%M')")).containsExactly(ServerSettings.LOCALE);
        assertThat(ServerSettings.readBy("monthname(placed)")).containsExactly(ServerSettings.LOCALE);
        assertThat(ServerSettings.readBy("STR_TO_DATE(s, '%d')")).as("parses, names nothing").isEmpty();
    }

    @Test
    void aDivisionDependsOnItsScale() {
        assertThat(ServerSettings.readBy("total / 3")).containsExactly(ServerSettings.DIVISION_SCALE);
        assertThat(ServerSettings.readBy("(SELECT AVG(x) FROM t)")).containsExactly(ServerSettings.DIVISION_SCALE);
        assertThat(ServerSettings.readBy("CONCAT(a, '/', b)")).as("a slash in a string").isEmpty();
        assertThat(ServerSettings.readBy("total DIV 3")).isEmpty();
        assertThat(ServerSettings.readBy("DAYNAME(d) + n / 2"))
                .containsExactly(ServerSettings.LOCALE, ServerSettings.DIVISION_SCALE);
    }

    @Test
    void theWritersSettingsComeBackAfterTheBlockAndOnAnError() {
        String block = ServerSettings.withServers(java.util.List.of(ServerSettings.LOCALE, ServerSettings.DIVISION_SCALE),
                "  SET NEW.`x` = 1;\n", "");
        assertThat(block).isEqualTo("""
                BEGIN
                  DECLARE _tandem_writer_lc_time_names VARCHAR(64) DEFAULT @@session.lc_time_names;
                  DECLARE _tandem_writer_div_precision_increment INT DEFAULT @@session.div_precision_increment;
                  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN SET lc_time_names = _tandem_writer_lc_time_names;\
                 SET div_precision_increment = _tandem_writer_div_precision_increment; RESIGNAL; END;
                  SET lc_time_names = @@global.lc_time_names;
                  SET div_precision_increment = @@global.div_precision_increment;
                  SET NEW.`x` = 1;
                  SET lc_time_names = _tandem_writer_lc_time_names;
                  SET div_precision_increment = _tandem_writer_div_precision_increment;
                END""");
    }
}
