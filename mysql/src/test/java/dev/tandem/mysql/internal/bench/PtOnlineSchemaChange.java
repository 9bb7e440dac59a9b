package dev.tandem.mysql.internal.bench;

import dev.tandem.testing.Flavor;
import dev.tandem.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Percona's pt-online-schema-change (Debian's {@code percona-toolkit}) on a test database. */
final class PtOnlineSchemaChange {

    private static final String COMMAND = "pt-online-schema-change";

    private PtOnlineSchemaChange() {
    }

    static boolean available() {
        return PerconaToolkit.installed(COMMAND);
    }

    /** {@code ALTER TABLE table <alter>} done the pt-osc way (copy, triggers, atomic rename), with its defaults. */
    static void alter(TestDatabase db, String table, String alter) throws Exception {
        Matcher url = Pattern.compile("jdbc:mysql://([^:/]+):(\\d+)/([^?]+).*").matcher(db.url());
        if (!url.matches()) {
            throw new IllegalStateException("Cannot read host, port and database from " + db.url());
        }
        // Perl's DBD::mysql speaks the native password method; MySQL 8's default user may not.
        String identified = db.flavor() == Flavor.MYSQL ? "IDENTIFIED WITH mysql_native_password BY 'ptosc'"
                : "IDENTIFIED BY 'ptosc'";
        db.execute("CREATE USER IF NOT EXISTS 'ptosc'@'127.0.0.1' " + identified,
                "GRANT ALL PRIVILEGES ON *.* TO 'ptosc'@'127.0.0.1'");
        Path log = Files.createTempFile("pt-osc-", ".log");
        Process process = new ProcessBuilder(List.of(COMMAND, "--alter", alter, "--execute", "--recursion-method=none",
                "h=" + url.group(1) + ",P=" + url.group(2) + ",u=ptosc,p=ptosc,D=" + url.group(3) + ",t=" + table))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(COMMAND + " failed with exit code " + exit + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
