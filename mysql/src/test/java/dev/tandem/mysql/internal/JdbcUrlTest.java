package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.internal.config.ConnectionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The URL this dialect spells from a host, a port and a database, as a secret file gives them. */
class JdbcUrlTest {

    @TempDir
    Path dir;

    @Test
    void aMissingPortIsTheServersDefault() {
        MySqlDialect dialect = new MySqlDialect();

        assertThat(dialect.jdbcUrl("db.internal", "3307", "shop")).isEqualTo("jdbc:mysql://db.internal:3307/shop");
        assertThat(dialect.jdbcUrl("db.internal", null, "shop")).isEqualTo("jdbc:mysql://db.internal:3306/shop");
    }

    @Test
    void anAwsSecretBecomesAUrlOfThisDialectFoundOnTheClassPath() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.json"),
                "{\"username\":\"admin\",\"password\":\"s3\",\"engine\":\"mysql\",\"host\":\"db.internal\",\"port\":3307,\"dbname\":\"shop\"}");

        assertThat(ConnectionSettings.fromEnvironment(Map.of("TANDEM_SECRET_FILE", secret.toString())))
                .isEqualTo(new ConnectionSettings("jdbc:mysql://db.internal:3307/shop", "admin", "s3"));
    }
}
