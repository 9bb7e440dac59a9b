package dev.tandem.internal.config;

import dev.tandem.TandemException;
import dev.tandem.spi.Dialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Where to connect, from the environment (12-factor style):
 * <ul>
 *   <li>{@code TANDEM_URL}, {@code TANDEM_USER}, {@code TANDEM_PASSWORD};</li>
 *   <li>{@code TANDEM_PASSWORD_FILE}: a file holding the password (a mounted secret);</li>
 *   <li>{@code TANDEM_SECRET_FILE}: a JSON file of the AWS Secrets Manager shape
 *       {@code {"username","password","host","port","dbname"}}; the variables above override it.</li>
 * </ul>
 * A second database (e.g. the target of a comparison) is read from the same names under another prefix,
 * {@code TANDEM_TARGET_URL} and so on. {@link #toString()} never shows the password.
 */
public record ConnectionSettings(String url, String user, String password) {

    /** How a database family spells a JDBC URL: {@code port} null means the server's default port. */
    @FunctionalInterface
    interface JdbcUrl {
        String of(String host, String port, String database);
    }

    /** The prefix of the variables {@link #fromEnvironment(Map)} reads. */
    public static final String PREFIX = "TANDEM_";

    /** The settings in {@code env}; a secret's host, port and database make a URL as the dialect spells it. */
    public static ConnectionSettings fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, PREFIX);
    }

    /** The settings in the variables of {@code env} named {@code prefix} + URL, USER, ... (e.g. TANDEM_TARGET_). */
    public static ConnectionSettings fromEnvironment(Map<String, String> env, String prefix) {
        return fromEnvironment(env, prefix, (host, port, database) -> dialectJdbcUrl(prefix, host, port, database));
    }

    /** The settings in {@code env}, a secret's URL made by {@code jdbcUrl}. */
    static ConnectionSettings fromEnvironment(Map<String, String> env, String prefix, JdbcUrl jdbcUrl) {
        String url = null;
        String user = null;
        String password = null;
        String secretVariable = prefix + "SECRET_FILE";
        String secretFile = blankToNull(env.get(secretVariable));
        if (secretFile != null) {
            String source = secretVariable + " " + secretFile;
            Map<?, ?> secret = readSecret(Path.of(secretFile), source);
            String host = text(secret, "host", source);
            Object port = secret.get("port");
            String database = secret.get("dbname") == null ? "" : secret.get("dbname").toString();
            url = jdbcUrl.of(host, port == null ? null : port.toString(), database);
            user = text(secret, "username", source);
            password = text(secret, "password", source);
        }
        url = firstNonNull(blankToNull(env.get(prefix + "URL")), url);
        user = firstNonNull(blankToNull(env.get(prefix + "USER")), user);
        String passwordFile = blankToNull(env.get(prefix + "PASSWORD_FILE"));
        if (passwordFile != null) {
            password = readPasswordFile(Path.of(passwordFile), prefix + "PASSWORD_FILE");
        }
        password = firstNonNull(env.get(prefix + "PASSWORD"), password);
        return new ConnectionSettings(url, user, password);
    }

    /**
     * The URL the dialect on the class path (the context class loader's, else Tandem's) spells. Tandem
     * picks its dialect by the server it connects to, which needs this URL first, so the first dialect
     * found is asked.
     */
    private static String dialectJdbcUrl(String prefix, String host, String port, String database) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : ConnectionSettings.class.getClassLoader();
        Dialect dialect = ServiceLoader.load(Dialect.class, loader).findFirst().orElseThrow(() -> new TandemException(
                prefix + "SECRET_FILE gives host " + host + " but no JDBC URL, and no Tandem dialect is on the class"
                        + " path to build one: add the Tandem dialect module for your database (see the README),"
                        + " or set " + prefix + "URL"));
        return dialect.jdbcUrl(host, port, database);
    }

    /**
     * {@code url} with its host and port replaced by {@code hostAndPort} ({@code host:port}), e.g. to
     * reach a replica with the primary's database and options.
     */
    public static String withHostAndPort(String url, String hostAndPort) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(jdbc:[a-z]+://)([^/?]*)(.*)$").matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a JDBC URL of the form jdbc:<driver>://host:port/database: "
                    + Redaction.url(url));
        }
        return m.group(1) + hostAndPort + m.group(3);
    }

    /** The secret in {@code file}; {@code source} (the variable and the file) names it in messages. */
    private static Map<?, ?> readSecret(Path file, String source) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TandemException(source + " cannot be read: " + e.getMessage(), e);
        }
        try {
            // JSON is YAML 1.2, so the YAML parser Tandem already has reads it.
            Object parsed = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(json);
            if (parsed instanceof Map<?, ?> map) {
                return map;
            }
        } catch (YamlEngineException e) {
            // reported below, without echoing the content: it holds a password
        }
        throw new TandemException(source + " is not a JSON object like "
                + "{\"username\":...,\"password\":...,\"host\":...,\"port\":...,\"dbname\":...}");
    }

    private static String text(Map<?, ?> secret, String key, String source) {
        Object value = secret.get(key);
        if (value == null) {
            throw new TandemException(source + " has no \"" + key + "\"");
        }
        return value.toString();
    }

    private static String readPasswordFile(Path file, String variable) {
        try {
            // Secret files usually end with a newline that is not part of the password.
            return Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new TandemException(variable + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[url=" + Redaction.url(url) + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + "]";
    }
}
