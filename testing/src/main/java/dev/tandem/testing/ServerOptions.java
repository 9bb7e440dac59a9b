package dev.tandem.testing;

import java.util.List;

/** Settings shared by the servers the test bed starts itself, and how tests connect to them. */
final class ServerOptions {

    private ServerOptions() {
    }

    /**
     * The server options of the profile the system property {@code tandem.test.serverProfile} names:
     * {@code tests} (the default) or {@code durable}.
     */
    static List<String> current() {
        String profile = System.getProperty("tandem.test.serverProfile", "tests");
        return switch (profile) {
            case "tests" -> forTests();
            case "durable" -> durable();
            default -> throw new IllegalArgumentException("Unknown tandem.test.serverProfile '" + profile
                    + "'; known: tests, durable");
        };
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

    /**
     * Server options as on a production primary, for benchmarks: durable commits (redo log and binary
     * log flushed at every commit), a row-based binary log with full images, a 1 GiB buffer pool (another
     * size with the system property {@code tandem.test.bufferPool}, such as {@code 4G}: whether a table and
     * its copy fit in memory changes what a copy costs the application's reads), and the servers' default
     * redo log (MariaDB 96 MiB, MySQL 100 MiB; another with {@code tandem.test.redoLog}, such as {@code 1G},
     * given as {@code innodb_log_file_size}: MariaDB's redo log, each of MySQL 8.0's two files, so twice
     * that: how far the copy's writes may run ahead of the pages written out). With {@code tandem.test.binaryLog}
     * {@code off} the server writes no binary log: what the log itself costs a change.
     */
    static List<String> durable() {
        List<String> options = new java.util.ArrayList<>(List.of(
                "--innodb-flush-log-at-trx-commit=1",
                "--server-id=1",
                "--innodb-buffer-pool-size=" + System.getProperty("tandem.test.bufferPool", "1G"),
                "--max-connections=500",
                "--character-set-server=utf8mb4"));
        if ("off".equals(System.getProperty("tandem.test.binaryLog"))) {
            options.add("--skip-log-bin"); // MySQL 8 writes one unless told not to
        } else {
            options.addAll(List.of("--sync-binlog=1", "--log-bin=binlog", "--binlog-format=ROW", "--binlog-row-image=FULL"));
        }
        String redoLog = System.getProperty("tandem.test.redoLog");
        if (redoLog != null) {
            options.add("--innodb-log-file-size=" + redoLog);
        }
        return List.copyOf(options);
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
