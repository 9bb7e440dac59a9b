package dev.tandem.testing;

import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.mysql.MySQLContainer;

/** MySQL 8.4 or MariaDB 11.4 in a Docker container, for machines where a Docker engine answers. */
final class ContainerServer extends DatabaseServer {

    static final String MYSQL_IMAGE = "mysql:8.4";
    static final String MARIADB_IMAGE = "mariadb:11.4";
    private static final String ROOT_PASSWORD = "tandem";

    private final Flavor flavor;
    private JdbcDatabaseContainer<?> container;

    ContainerServer(Flavor flavor) {
        this.flavor = flavor;
    }

    @Override
    protected void start() {
        container = flavor == Flavor.MYSQL ? new MySQLContainer(MYSQL_IMAGE) : new MariaDBContainer(MARIADB_IMAGE);
        // As root the images set the root password instead of creating a second user.
        container.withUsername("root").withPassword(ROOT_PASSWORD);
        container.start();
    }

    @Override
    protected void stop() {
        if (container != null) {
            container.stop();
        }
    }

    @Override
    public String jdbcUrl(String database) {
        return ServerOptions.jdbcUrl(container.getHost(), container.getMappedPort(3306), database);
    }

    @Override
    public String user() {
        return "root";
    }

    @Override
    public String password() {
        return ROOT_PASSWORD;
    }

    @Override
    public Flavor flavor() {
        return flavor;
    }

    @Override
    public Kind kind() {
        return Kind.CONTAINER;
    }
}
