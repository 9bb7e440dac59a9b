package dev.tandem.mysql.internal.move;

import dev.tandem.mysql.internal.CompareReplication;
import dev.tandem.mysql.internal.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a move needs to know of one server, read once: flavor and version, and the global variables of its
 * binary log, replication and read-only state. The variables are read with {@code SHOW GLOBAL VARIABLES},
 * so a variable one flavor lacks ({@code gtid_mode} on MariaDB, {@code super_read_only} on MariaDB) is
 * simply absent.
 */
public record ServerFacts(boolean mariaDb, String version, Map<String, String> variables) {

    private static final List<String> NAMES = List.of("server_id", "log_bin", "binlog_format", "binlog_row_image",
            "gtid_mode", "expire_logs_days", "binlog_expire_logs_seconds", "read_only", "super_read_only", "port",
            "hostname", "datadir", "time_zone", "system_time_zone", "sql_mode", "explicit_defaults_for_timestamp",
            "auto_increment_increment", "auto_increment_offset", "lower_case_table_names");
    /**
     * The settings a new session takes from the server, which after a cut-over the application's sessions take
     * from the new one: where they differ, what the application computes or finds changes without a word.
     */
    static final List<String> SESSION_DEFAULTS = List.of("time_zone", "sql_mode", "explicit_defaults_for_timestamp",
            "auto_increment_increment", "auto_increment_offset", "lower_case_table_names");

    public ServerFacts {
        variables = Map.copyOf(variables);
    }

    /** The facts of the server behind {@code c}. */
    public static ServerFacts of(Connection c) throws SQLException {
        Map<String, String> variables = new HashMap<>();
        String in = String.join(", ", NAMES.stream().map(n -> "'" + n + "'").toList());
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + in + ")")) {
            while (rs.next()) {
                variables.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        }
        // VERSION(), not the driver's metadata: MariaDB 10 greets clients as "5.5.5-10.11.5-MariaDB" (for old MySQL clients).
        return new ServerFacts(Jdbc.isMariaDb(c), Jdbc.rows(c, "SELECT VERSION()").get(0).get(0), variables);
    }

    /** The version's numbers, e.g. {@code [10, 11, 5]} for {@code 10.11.5-MariaDB-log}. */
    public int[] versionNumbers() {
        String[] parts = version.split("[^0-9.]", 2)[0].split("\\.");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }

    /** Whether the version is at least {@code wanted}, e.g. {@code atLeast(8, 0, 23)}. */
    public boolean atLeast(int... wanted) {
        return CompareReplication.atLeast(version, wanted);
    }

    /** {@code MariaDB 10.11.5} or {@code MySQL 8.0.31}. */
    public String label() {
        int[] v = versionNumbers();
        return (mariaDb ? "MariaDB " : "MySQL ") + v[0] + "." + v[1] + "." + v[2];
    }

    public String variable(String name) {
        return variables.get(name);
    }

    /**
     * A {@link #SESSION_DEFAULTS} setting as it acts: {@code SYSTEM} with the host's zone, the modes of
     * {@code sql_mode} in one order; null where the server has no such setting.
     */
    String sessionDefault(String name) {
        String value = variable(name);
        if (value != null && name.equals("time_zone") && value.equalsIgnoreCase("SYSTEM")) {
            return "SYSTEM (" + variable("system_time_zone") + ")";
        }
        if (value != null && name.equals("sql_mode")) {
            return String.join(",", new TreeSet<>(List.of(value.toUpperCase(Locale.ROOT).split(","))));
        }
        return value;
    }

    public boolean binaryLog() {
        return on(variable("log_bin"));
    }

    public long serverId() {
        return Long.parseLong(variables.getOrDefault("server_id", "0"));
    }

    /** MySQL's {@code gtid_mode=ON}; MariaDB always writes GTIDs, but replication here does not rely on them. */
    public boolean gtidMode() {
        return on(variable("gtid_mode"));
    }

    /**
     * How long the server keeps its binary logs, in seconds; empty when it never removes them by age
     * ({@code 0}). MariaDB and MySQL 8 have {@code binlog_expire_logs_seconds}; a server with only
     * {@code expire_logs_days} (older MariaDB) gives that in days.
     */
    public Optional<Long> binaryLogRetentionSeconds() {
        String seconds = variable("binlog_expire_logs_seconds");
        long value = seconds != null ? Long.parseLong(seconds)
                : (long) (Double.parseDouble(variables.getOrDefault("expire_logs_days", "0")) * 86_400);
        return value == 0 ? Optional.empty() : Optional.of(value);
    }

    /** Whether the server refuses applications' writes: {@code read_only}, or (MySQL) {@code super_read_only}, is on. */
    public boolean readOnly() {
        return on(variable("read_only")) || on(variable("super_read_only"));
    }

    /** Whether the server has {@code super_read_only} (MySQL): then read-only binds administrators too. */
    public boolean hasSuperReadOnly() {
        return variables.containsKey("super_read_only");
    }

    static boolean on(String value) {
        return value != null && (value.equalsIgnoreCase("ON") || value.equals("1"));
    }
}
