package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"SET @batch = 500", "set @label := (SELECT MAX(name) FROM t)", "SET SESSION sql_mode = ''",
            "SET time_zone = '+00:00'", "SET @@session.foreign_key_checks = 0", "SET NAMES utf8mb4",
            "SET CHARACTER SET utf8mb4", "SET ROLE ALL", "SET\n  @a = 1, @b = 2", "SET LOCAL sql_mode = 'STRICT_ALL_TABLES'"})
    void aSettingOfTheSessionIsSetAgainOnResume(String sql) {
        assertThat(SessionSettings.holdsForTheSession(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET GLOBAL max_connections = 200", "SET PERSIST innodb_buffer_pool_size = 1",
            "SET PERSIST_ONLY back_log = 10", "SET @@global.read_only = 1", "SET @a = 1, GLOBAL max_connections = 200",
            "SET PASSWORD FOR 'app'@'%' = 'x'", "SET DEFAULT ROLE ALL TO 'app'@'%'",
            "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "SET STATEMENT max_statement_time = 1 FOR SELECT 1",
            "UPDATE t SET a = 1", "SELECT @a := 1", "SETTLE"})
    void aStatementForTheServerAnAccountOrOneTransactionIsNot(String sql) {
        assertThat(SessionSettings.holdsForTheSession(sql)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET @cutoff = UTC_TIMESTAMP() - INTERVAL 90 DAY", "set @label := (SELECT MAX(name) FROM t)",
            "SET @id = UUID()", "SET @at = NOW(6)", "SELECT MAX(id) INTO @max FROM t", "SELECT @max := MAX(id) FROM t",
            "WITH m AS (SELECT 1 AS v) SELECT v INTO @v FROM m"})
    void aValueOfTheTimeTheStatementRanCannotBeSetAgain(String sql) {
        assertThat(SessionSettings.keepsAValueOfItsOwnTime(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET @batch = 500", "SET time_zone = '+00:00'", "SET sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')",
            "SET @note = 'now()'", "SELECT MAX(id) FROM t", "INSERT INTO t SELECT * FROM u", "SET GLOBAL x = NOW()",
            "SET @db = DATABASE()", "SET @who = CURRENT_USER()", "SET @v = CONCAT(VERSION(), '-', SCHEMA())"})
    void aSettingOfConstantsOrAStatementThatKeepsNothingCan(String sql) {
        assertThat(SessionSettings.keepsAValueOfItsOwnTime(sql)).isFalse();
    }
}
