package dev.tandem.spring.boot;

import dev.tandem.internal.config.Redaction;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * The database Tandem migrates, as the application's configuration names it: {@code tandem.url}, else the
 * application's connection details, else its {@code spring.datasource.*} properties (an application that
 * defines its own DataSource bean gets no connection details from Spring Boot, its properties stay). Read
 * when asked, so that the bean post-processors that hold it create nothing early.
 */
final class ApplicationDatabase {

    private final ObjectProvider<TandemProperties> properties;
    private final ObjectProvider<JdbcConnectionDetails> details;
    private final ObjectProvider<DataSourceProperties> dataSource;

    ApplicationDatabase(ObjectProvider<TandemProperties> properties, ObjectProvider<JdbcConnectionDetails> details,
                        ObjectProvider<DataSourceProperties> dataSource) {
        this.properties = properties;
        this.details = details;
        this.dataSource = dataSource;
    }

    /** The application's connection to its database, or null when it names none. */
    JdbcConnectionDetails connection() {
        return connection(details, dataSource);
    }

    /** The application's connection to its database from its connection details, else its properties; null when neither names one. */
    static JdbcConnectionDetails connection(ObjectProvider<JdbcConnectionDetails> details,
                                            ObjectProvider<DataSourceProperties> dataSource) {
        JdbcConnectionDetails given = details.getIfAvailable();
        if (given != null) {
            return given;
        }
        DataSourceProperties spring = dataSource.getIfAvailable();
        return spring == null || spring.getUrl() == null ? null
                : new FromProperties(spring.getUrl(), spring.getUsername(), spring.getPassword());
    }

    /** Whether a pool with {@code poolUrl} reaches the database Tandem migrates; a pool given no URL (a DataSource of its own) may. */
    boolean reaches(String poolUrl) {
        String database = ConfigurationFactory.databaseUrl(properties.getObject(), connection());
        return poolUrl == null || database == null || Objects.equals(where(poolUrl), where(database));
    }

    /** JDBC URL schemes of databases that are not MySQL or MariaDB, which a pool of such a database names. */
    private static final List<String> OTHER_KINDS = List.of("jdbc:postgresql:", "jdbc:sqlserver:", "jdbc:oracle:",
            "jdbc:h2:", "jdbc:hsqldb:", "jdbc:derby:", "jdbc:sqlite:", "jdbc:db2:", "jdbc:clickhouse:", "jdbc:redshift:",
            "jdbc:snowflake:");

    /** Whether {@code url} names a database of another kind than MySQL or MariaDB; a pool given no URL may be one of those. */
    static boolean ofAnotherKind(String url) {
        String u = url == null ? "" : url.strip().toLowerCase(Locale.ROOT);
        return OTHER_KINDS.stream().anyMatch(u::startsWith);
    }

    /**
     * The server and database a JDBC URL names, as {@code host:port/database} (MySQL's default port said), without
     * the parameters, a user and password, or the driver: two URLs of one database give the same.
     */
    static String where(String url) {
        String u = url.strip().toLowerCase(Locale.ROOT);
        int scheme = u.indexOf("://");
        String rest = scheme < 0 ? u : u.substring(scheme + 3);
        int query = rest.indexOf('?');
        rest = query < 0 ? rest : rest.substring(0, query);
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        hosts = hosts.substring(hosts.lastIndexOf('@') + 1);
        boolean plainHost = !hosts.contains(":") && !hosts.contains(",") && !hosts.contains("(") && !hosts.startsWith("[");
        return (plainHost ? hosts + ":3306" : hosts) + "/" + database;
    }

    /** The {@code spring.datasource.*} properties as connection details. */
    private record FromProperties(String url, String user, String password) implements JdbcConnectionDetails {

        @Override
        public String getJdbcUrl() {
            return url;
        }

        @Override
        public String getUsername() {
            return user;
        }

        @Override
        public String getPassword() {
            return password;
        }

        @Override
        public String toString() {
            return "spring.datasource.url=" + Redaction.url(url); // never the password
        }
    }
}
