package dev.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Proves each server is real, which version answered, and that online DDL behaves as the design needs. */
class ServerSmokeIT {

    @ServerTest
    void addsColumnWithAlgorithmInstantAndShowsItInInformationSchema(TestDatabase db) throws SQLException {
        String version = (String) db.queryValue("SELECT VERSION()");
        assertThat(Flavor.ofVersionString(version)).isEqualTo(db.flavor());
        if (db.server().kind() == DatabaseServer.Kind.EMBEDDED) {
            assertThat(version).startsWith(db.flavor() == Flavor.MARIADB ? "11.4.5-MariaDB" : "8.0.31");
        }
        assertThat(db.queryValue("SELECT DATABASE()")).isEqualTo(db.name());
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"))
                .isEqualTo(0L);

        db.execute(
                "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL)",
                "INSERT INTO users VALUES (1, 'Ada'), (2, 'Grace')",
                "ALTER TABLE users ADD COLUMN nickname VARCHAR(50) NULL, ALGORITHM=INSTANT");

        assertThat(db.query("SELECT column_name, is_nullable, data_type, CAST(character_maximum_length AS CHAR)"
                + " FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'users'"
                + " ORDER BY ordinal_position"))
                .containsExactly(
                        Arrays.asList("id", "NO", "bigint", null),
                        List.of("name", "NO", "varchar", "50"),
                        List.of("nickname", "YES", "varchar", "50"));
        assertThat(db.query("SELECT id, name, nickname FROM users ORDER BY id"))
                .as("existing rows read the new column as NULL")
                .containsExactly(Arrays.asList(1L, "Ada", null), Arrays.asList(2L, "Grace", null));

        if (db.flavor() == Flavor.MYSQL) {
            // MySQL 8.0.29+ counts every instant add/drop as a row version (limit 64).
            assertThat(db.queryValue("SELECT total_row_versions FROM information_schema.innodb_tables"
                    + " WHERE name = CONCAT(DATABASE(), '/users')")).isEqualTo(1);
        }
    }

    @ServerTest
    void refusesInstantWhenTheChangeNeedsATableCopy(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NOT NULL)");

        assertThatThrownBy(() -> db.execute("ALTER TABLE accounts MODIFY amount BIGINT NOT NULL, ALGORITHM=INSTANT"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("ALGORITHM=INSTANT is not supported");
        assertThat(db.queryValue("SELECT data_type FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = 'accounts' AND column_name = 'amount'"))
                .isEqualTo("int");
    }

    @ServerTest
    void checksPasswords(DatabaseServer server) {
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(server.jdbcUrl(""), server.user(), server.password() + "x"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied");
    }
}
