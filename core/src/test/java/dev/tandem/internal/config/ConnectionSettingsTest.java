package dev.tandem.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {

    @TempDir
    Path dir;

    @Test
    void readsUrlUserAndPasswordVariables() {
        ConnectionSettings s = ConnectionSettings.fromEnvironment(Map.of(
                "TANDEM_URL", "jdbc:mysql://db:3306/app", "TANDEM_USER", "app", "TANDEM_PASSWORD", "pw"));
        assertThat(s).isEqualTo(new ConnectionSettings("jdbc:mysql://db:3306/app", "app", "pw"));
    }

    @Test
    void replacesHostAndPortKeepingDatabaseAndOptions() {
        assertThat(ConnectionSettings.withHostAndPort("jdbc:mysql://primary:3306/app?sslMode=REQUIRED", "replica-1:3307"))
                .isEqualTo("jdbc:mysql://replica-1:3307/app?sslMode=REQUIRED");
        assertThat(ConnectionSettings.withHostAndPort("jdbc:mariadb://primary/app", "10.0.0.5:3306"))
                .isEqualTo("jdbc:mariadb://10.0.0.5:3306/app");
        assertThatThrownBy(() -> ConnectionSettings.withHostAndPort("mysql://user:secret@primary/app", "r:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
    }

    @Test
    void readsAPasswordFileWithoutItsTrailingNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "p@ss word\n");
        assertThat(ConnectionSettings.fromEnvironment(Map.of("TANDEM_PASSWORD_FILE", file.toString())).password())
                .isEqualTo("p@ss word");
    }

    /** A dialect's URL shape that shows what it was given; null stays visible as "null". */
    private static final ConnectionSettings.JdbcUrl SHOWN = (host, port, database) ->
            "jdbc:test://" + host + ":" + port + "/" + database;

    @Test
    void buildsTheUrlFromAnAwsSecretAndLetsVariablesOverrideIt() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.json"),
                "{\"username\":\"admin\",\"password\":\"s3\",\"engine\":\"mysql\",\"host\":\"db.internal\",\"port\":3307,\"dbname\":\"shop\"}");
        assertThat(ConnectionSettings.fromEnvironment(Map.of("TANDEM_SECRET_FILE", secret.toString()), ConnectionSettings.PREFIX, SHOWN))
                .isEqualTo(new ConnectionSettings("jdbc:test://db.internal:3307/shop", "admin", "s3"));
        assertThat(ConnectionSettings.fromEnvironment(Map.of("TANDEM_SECRET_FILE", secret.toString(), "TANDEM_USER", "migrator"), ConnectionSettings.PREFIX, SHOWN).user())
                .isEqualTo("migrator");
        assertThat(ConnectionSettings.fromEnvironment(Map.of("TANDEM_SECRET_FILE", secret.toString(),
                "TANDEM_URL", "jdbc:test://elsewhere/shop"), ConnectionSettings.PREFIX, SHOWN).url()).isEqualTo("jdbc:test://elsewhere/shop");
    }

    @Test
    void aSecretWithoutPortOrDatabaseLeavesThePortToTheDialect() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.json"),
                "{\"username\":\"admin\",\"password\":\"s3\",\"host\":\"db.internal\"}");

        assertThat(ConnectionSettings.fromEnvironment(Map.of("TANDEM_SECRET_FILE", secret.toString()), ConnectionSettings.PREFIX, SHOWN).url())
                .isEqualTo("jdbc:test://db.internal:null/");
    }

    @Test
    void withoutADialectASecretsHostCannotBecomeAUrl() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.json"),
                "{\"username\":\"admin\",\"password\":\"hunter2\",\"host\":\"db.internal\"}");

        // core's tests have no dialect on the class path
        assertThatThrownBy(() -> ConnectionSettings.fromEnvironment(Map.of("TANDEM_SECRET_FILE", secret.toString())))
                .hasMessageContaining("no Tandem dialect is on the class path").hasMessageContaining("TANDEM_URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aBrokenSecretFileIsNamedButItsContentIsNeverShown() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.json"), "{\"password\": \"hunter2\", oops");
        assertThatThrownBy(() -> ConnectionSettings.fromEnvironment(Map.of("TANDEM_SECRET_FILE", secret.toString())))
                .hasMessageContaining(secret.toString()).hasMessageContaining("is not a JSON object")
                .hasMessageNotContaining("hunter2");
        Path noHost = Files.writeString(dir.resolve("nohost.json"), "{\"username\":\"a\",\"password\":\"b\"}");
        assertThatThrownBy(() -> ConnectionSettings.fromEnvironment(Map.of("TANDEM_SECRET_FILE", noHost.toString())))
                .hasMessageEndingWith("has no \"host\"");
        assertThatThrownBy(() -> ConnectionSettings.fromEnvironment(Map.of("TANDEM_PASSWORD_FILE", dir.resolve("none").toString())))
                .hasMessageContaining("TANDEM_PASSWORD_FILE").hasMessageContaining("cannot be read");
    }

    @Test
    void aSecondDatabaseIsReadFromTheSameNamesUnderItsPrefixAndNamedSoInMessages() throws Exception {
        Path file = Files.writeString(dir.resolve("target-pw"), "t4rget\n");
        Map<String, String> env = Map.of("TANDEM_URL", "jdbc:mysql://old:3306/app", "TANDEM_PASSWORD", "old-pw",
                "TANDEM_TARGET_URL", "jdbc:mysql://new:3306/app", "TANDEM_TARGET_USER", "copy",
                "TANDEM_TARGET_PASSWORD_FILE", file.toString());
        assertThat(ConnectionSettings.fromEnvironment(env, "TANDEM_TARGET_"))
                .isEqualTo(new ConnectionSettings("jdbc:mysql://new:3306/app", "copy", "t4rget"));
        assertThat(ConnectionSettings.fromEnvironment(env)).isEqualTo(new ConnectionSettings("jdbc:mysql://old:3306/app", null, "old-pw"));

        Path secret = Files.writeString(dir.resolve("target.json"), "{\"password\": \"hunter2\", oops");
        assertThatThrownBy(() -> ConnectionSettings.fromEnvironment(Map.of("TANDEM_TARGET_SECRET_FILE", secret.toString()),
                "TANDEM_TARGET_")).hasMessageStartingWith("TANDEM_TARGET_SECRET_FILE " + secret + " is not a JSON object")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void toStringMasksThePassword() {
        assertThat(new ConnectionSettings("jdbc:mysql://db/app?password=hunter2", "app", "hunter2").toString())
                .doesNotContain("hunter2").contains("password=****");
    }

    @Test
    void redactionMasksPasswordsInUrls() {
        assertThat(Redaction.url("jdbc:mysql://db:3306/app?user=a&password=hunter2&useSSL=true"))
                .isEqualTo("jdbc:mysql://db:3306/app?user=a&password=****&useSSL=true");
        assertThat(Redaction.url("jdbc:mysql://app:hunter2@db:3306/app")).isEqualTo("jdbc:mysql://app:****@db:3306/app");
        assertThat(Redaction.url("jdbc:mysql://db:3306/app")).isEqualTo("jdbc:mysql://db:3306/app");
    }

    /** Connector/J's other forms: each host of a list may carry a user and password, or key-value pairs. */
    @Test
    void redactionMasksThePasswordsOfEveryHostOfAList() {
        assertThat(Redaction.url("jdbc:mysql://[app:pw1@db1:3306,app:pw2@db2:3306]/shop"))
                .isEqualTo("jdbc:mysql://[app:****@db1:3306,app:****@db2:3306]/shop");
        assertThat(Redaction.url("jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=s3cret)/shop"))
                .isEqualTo("jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=****)/shop");
        assertThat(Redaction.url("jdbc:mysql://(host=db,port=3306,user=app,password=s3cret)/shop"))
                .isEqualTo("jdbc:mysql://(host=db,port=3306,user=app,password=****)/shop");
        assertThat(Redaction.url("jdbc:mysql://app:pa,ss@db:3306/app")).as("a comma in the password")
                .isEqualTo("jdbc:mysql://app:****@db:3306/app");
        assertThat(Redaction.url("jdbc:mysql://db/app?password=se,cret&useSSL=true")).isEqualTo("jdbc:mysql://db/app?password=****&useSSL=true");
    }
}
