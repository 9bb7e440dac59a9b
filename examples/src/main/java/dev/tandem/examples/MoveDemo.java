package dev.tandem.examples;

import dev.tandem.examples.rollout.RollingDeploy;
import dev.tandem.examples.rollout.ServerMove;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.MovePair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The README's second command: the example accounts service under load on three nodes while its database
 * moves to another server, on embedded servers — MariaDB 10.11.5 to MariaDB 11.4.5 (an engine upgrade) and
 * back, then from one MySQL 8.0.31 server to another. The arguments name the flavors to run, {@code mariadb}
 * and {@code mysql} (both by default). Exits with 1 unless every run had zero errors, zero wrong reads and
 * zero lost writes, and every cut-over switched.
 */
public final class MoveDemo {

    /** Smaller than the rolling deploy's: every run copies the table and compares it on both servers twice. */
    private static final RollingDeploy.Settings SETTINGS = new RollingDeploy.Settings(50_000, Duration.ofSeconds(6), 2, 40,
            System.out);

    private MoveDemo() {
    }

    public static void main(String[] args) throws Exception {
        List<String> flavors = args.length == 0 ? List.of("mariadb", "mysql")
                : List.of(String.join(",", args).toLowerCase(Locale.ROOT).split("[,\\s]+"));
        List<ServerMove.Report> reports = new ArrayList<>();
        for (String flavor : flavors) {
            switch (flavor) {
                case "mariadb" -> {
                    System.out.println("Tandem move demo: starting MariaDB 10.11.5 and 11.4.5 (the first run unpacks them, ~20 s)...");
                    try (MovePair pair = MovePair.mariaDbUpgrade()) {
                        reports.add(report(ServerMove.run(pair, true, SETTINGS)));
                    }
                }
                case "mysql" -> {
                    System.out.println("Tandem move demo: starting two MySQL 8.0.31 servers (the first run unpacks it, ~30 s)...");
                    try (MovePair pair = MovePair.start(Flavor.MYSQL)) {
                        reports.add(report(ServerMove.run(pair, false, SETTINGS)));
                    }
                }
                default -> throw new IllegalArgumentException("Unknown flavor '" + flavor + "': mariadb, mysql or both");
            }
        }
        System.out.println(ServerMove.summary(reports));
        System.exit(reports.stream().allMatch(ServerMove.Report::clean) ? 0 : 1);
    }

    private static ServerMove.Report report(ServerMove.Report report) {
        System.out.println(report.render());
        return report;
    }
}
