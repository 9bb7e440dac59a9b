package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Connection settings from the environment and secret files, and the non-blocking start. */
class ConfigurationIT {

    private static final String PASSWORD = "S3cret-pw-7f4a";

    /** A user with a real password, so a test can look for it where it must never be. */
    private static String createUser(TestDatabase db) throws Exception {
        String user = "app_" + Math.abs(db.name().hashCode() % 100000);
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT ALL PRIVILEGES ON `" + db.name() + "`.* TO '" + user + "'@'%'");
        return user;
    }

    private static Path scripts() throws Exception {
        Path dir = Files.createTempDirectory("tandem-config-");
        Files.writeString(dir.resolve("V1__t.sql"), "CREATE TABLE t (id INT PRIMARY KEY);\n");
        return dir;
    }

    @ServerTest
    void connectsFromAnAwsStyleSecretFileAndNeverShowsThePassword(TestDatabase db) throws Exception {
        String user = createUser(db);
        URI server = URI.create(db.url().substring("jdbc:".length()));
        Path secret = Files.createTempFile("secret", ".json");
        Files.writeString(secret, "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\",\"engine\":\"mysql\","
                + "\"host\":\"" + server.getHost() + "\",\"port\":" + server.getPort() + ",\"dbname\":\"" + db.name() + "\"}");
        List<String> seen = captureLogs(() -> {
            TandemConfiguration config = Tandem.configure().fromEnvironment(Map.of("TANDEM_SECRET_FILE", secret.toString()))
                    .locations("filesystem:" + scripts());
            try (Tandem tandem = config.load()) {
                assertThat(tandem.start().applied()).containsExactly("1");
                assertThat(tandem.toString()).doesNotContain(PASSWORD);
            }
            try (Tandem wrong = Tandem.configure().url(db.url()).user(user).password(PASSWORD + "-wrong").load()) {
                assertThatThrownBy(wrong::start).satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
            }
        });
        assertThat(seen).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
        assertThat(db.queryValue("SELECT applied_by FROM tandem_migrations WHERE version = '1'").toString()).startsWith("unknown@");
    }

    @ServerTest
    void passwordFileAndVariablesComeFromTheEnvironment(TestDatabase db) throws Exception {
        String user = createUser(db);
        Path passwordFile = Files.createTempFile("password", ".txt");
        Files.writeString(passwordFile, PASSWORD + "\n");
        TandemConfiguration config = Tandem.configure().fromEnvironment(Map.of("TANDEM_URL", db.url(), "TANDEM_USER", user,
                "TANDEM_PASSWORD_FILE", passwordFile.toString())).locations("filesystem:" + scripts());
        assertThat(config.toString()).contains("user=" + user).contains("password=****").doesNotContain(PASSWORD);
        try (Tandem tandem = config.load()) {
            assertThat(tandem.start().ready()).isTrue();
        }
    }

    @ServerTest
    void aNonBlockingStartReturnsAtOnceAndReportsReadinessLater(TestDatabase db) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                .locations("filesystem:" + scripts()).waitForReady(false)
                .listener(new TandemListener() {
                    @Override
                    public void stateChanged(String version, MigrationState state) {
                        events.add(version + " " + state);
                    }

                    @Override
                    public void ready() {
                        events.add("ready");
                    }
                }).load()) {
            StartResult result = tandem.start();
            assertThat(result.applied()).as("work goes on in the background").isEmpty();
            assertThat(tandem.awaitReady(Duration.ofMinutes(1))).isTrue();
            assertThat(tandem.isReady()).isTrue();
            assertThat(events).containsExactly("1 EXPANDING", "1 EXPANDED", "1 READY", "ready");
            assertThat(db.queryValue("SELECT COUNT(*) FROM t")).isEqualTo(0L);
        }
    }

    @ServerTest
    void aFailedNonBlockingStartIsReportedAndNeverReady(TestDatabase db) throws Exception {
        Path dir = Files.createTempDirectory("tandem-config-");
        Files.writeString(dir.resolve("V1__bad.sql"), "CREATE TABLE t (id INT PRIMARY KEY;\n");
        List<TandemException> failures = new CopyOnWriteArrayList<>();
        try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                .locations("filesystem:" + dir).waitForReady(false)
                .listener(new TandemListener() {
                    @Override
                    public void failed(TandemException failure) {
                        failures.add(failure);
                    }
                }).load()) {
            tandem.start();
            assertThatThrownBy(() -> tandem.awaitReady(Duration.ofMinutes(1))).hasMessageContaining("V1__bad.sql line 1");
            assertThat(tandem.isReady()).isFalse();
            assertThat(failures).hasSize(1);
        }
    }

    /** A JVM Error in the background start (out of memory, say) is reported to awaitReady(), not waited out. */
    @ServerTest
    void anErrorInANonBlockingStartIsReportedNotWaitedOut(TestDatabase db) throws Exception {
        List<TandemException> failures = new CopyOnWriteArrayList<>();
        try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                .locations("filesystem:" + scripts()).waitForReady(false)
                .listener(new TandemListener() {
                    @Override
                    public void stateChanged(String version, MigrationState state) {
                        throw new OutOfMemoryError("simulated, on " + version + " " + state);
                    }

                    @Override
                    public void failed(TandemException failure) {
                        failures.add(failure);
                    }
                }).load()) {
            tandem.start();
            assertThatThrownBy(() -> tandem.awaitReady(Duration.ofSeconds(30)))
                    .hasMessageContaining("simulated, on 1 EXPANDING").hasCauseInstanceOf(OutOfMemoryError.class);
            assertThat(tandem.isReady()).isFalse();
            assertThat(failures).hasSize(1);
        }
    }

    private static List<String> captureLogs(ThrowingRunnable body) throws Exception {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level level = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG); // every line any library writes, not just WARN
        appender.start();
        root.addAppender(appender);
        try {
            body.run();
        } finally {
            root.detachAppender(appender);
            root.setLevel(level);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            lines.add(event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        return lines;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
