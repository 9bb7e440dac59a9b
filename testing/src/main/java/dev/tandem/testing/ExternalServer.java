package dev.tandem.testing;

import java.util.Locale;
import java.util.Map;

/**
 * An existing server given by environment variables, e.g. an RDS or Aurora instance:
 * {@code TANDEM_TEST_MYSQL_URL=jdbc:mysql://host:3306}, {@code TANDEM_TEST_MYSQL_USER},
 * {@code TANDEM_TEST_MYSQL_PASSWORD} (likewise {@code TANDEM_TEST_MARIADB_*}). The user needs to
 * create and drop databases; each test works in a database of its own and drops it afterwards.
 */
final class ExternalServer extends DatabaseServer {

    private final Flavor flavor;
    private final String baseUrl;
    private final String query;
    private final String user;
    private final String password;

    private ExternalServer(Flavor flavor, String url, String user, String password) {
        this.flavor = flavor;
        int q = url.indexOf('?');
        String withoutQuery = q < 0 ? url : url.substring(0, q);
        this.query = q < 0 ? "" : url.substring(q + 1);
        // Keep scheme://host:port and drop any database in the URL: tests choose their own.
        int slash = withoutQuery.indexOf('/', "jdbc:mysql://".length());
        this.baseUrl = slash < 0 ? withoutQuery : withoutQuery.substring(0, slash);
        this.user = user;
        this.password = password;
    }

    /** The server configured for {@code flavor} in {@code env}, or null when its URL is not set. */
    static ExternalServer fromEnvironment(Flavor flavor, Map<String, String> env) {
        String prefix = "TANDEM_TEST_" + flavor.name().toUpperCase(Locale.ROOT) + "_";
        String url = env.get(prefix + "URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        if (!url.startsWith("jdbc:mysql://") && !url.startsWith("jdbc:mariadb://")) {
            throw new IllegalArgumentException(prefix + "URL must be a JDBC URL like jdbc:mysql://host:3306, not '"
                    + url + "'");
        }
        return new ExternalServer(flavor, url.replace("jdbc:mariadb://", "jdbc:mysql://"),
                env.getOrDefault(prefix + "USER", "root"), env.getOrDefault(prefix + "PASSWORD", ""));
    }

    @Override
    protected void start() {
        // Someone else runs it; verifyIdentity() checks that it answers and is the right flavor.
    }

    @Override
    protected void stop() {
        // Not ours to stop.
    }

    @Override
    public String jdbcUrl(String database) {
        return baseUrl + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public Flavor flavor() {
        return flavor;
    }

    @Override
    public Kind kind() {
        return Kind.EXTERNAL;
    }
}
