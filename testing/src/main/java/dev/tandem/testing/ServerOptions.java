package dev.tandem.testing;

import java.util.List;

/** Settings shared by the servers the test bed starts itself, and how tests connect to them. */
final class ServerOptions {

    private ServerOptions() {
    }

    /**
     * Server options for throwaway test data: durability is traded for speed (a test server that
     * crashes is started again, its data is never needed), everything else stays at the defaults
     * a production server has, so tests see real behaviour.
     */
    static List<String> forTests() {
        return List.of(
                "--innodb-flush-log-at-trx-commit=2",
                "--innodb-buffer-pool-size=256M",
                "--max-connections=500",
                "--character-set-server=utf8mb4");
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Connector/J settings for tests: no TLS on loopback, and multi-statement off as in production,
     * so a test cannot pass by accident through a driver convenience Tandem may not rely on.
     */
    static String jdbcUrl(String host, int port, String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + database
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=10000";
    }
}
