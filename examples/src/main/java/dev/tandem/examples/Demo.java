package dev.tandem.examples;

import dev.tandem.Tandem;
import dev.tandem.examples.rollout.RollingDeploy;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.EmbeddedMariaDb;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestServers;

/**
 * The README's first command: the rolling deploy of the example accounts service, v1 → v2 → v3 under
 * load, on an embedded MariaDB — or on the server {@code TANDEM_URL} (with {@code TANDEM_USER},
 * {@code TANDEM_PASSWORD} or {@code TANDEM_PASSWORD_FILE}) names, whose schema must be empty. The
 * embedded database's default character set is latin1, unlike its tables'; a schema on your own server
 * keeps its own default (the demo changes nothing there but its tables). Exits with 1 unless there were
 * zero errors, zero wrong reads and zero lost writes. With {@code TANDEM_TEST_COPY_EXPAND_THRESHOLD=0} its
 * backfills build a copy of the table and swap it in wherever the table can be copied, instead of updating
 * it in place (docs/testing.md); the report says which tables were copied.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        RollingDeploy.Settings settings = RollingDeploy.Settings.demo(System.out);
        RollingDeploy.Report report;
        if (System.getenv("TANDEM_URL") != null || System.getenv("TANDEM_SECRET_FILE") != null) {
            report = RollingDeploy.run(new RollingDeploy.Database("the server TANDEM_URL names (its schema's default character set as it is)",
                    () -> Tandem.configure().fromEnvironment()), settings);
        } else {
            System.out.println("Tandem demo: starting an embedded MariaDB (the first run unpacks it, ~20 s)...");
            DatabaseServer server = TestServers.started(new EmbeddedMariaDb());
            try (TestDatabase db = TestDatabase.create(server)) {
                report = RollingDeploy.run(RollingDeploy.Database.ofTestBed(db), settings);
            } finally {
                TestServers.stopAll();
            }
        }
        System.out.println(report.render());
        System.exit(report.clean() ? 0 : 1);
    }
}
