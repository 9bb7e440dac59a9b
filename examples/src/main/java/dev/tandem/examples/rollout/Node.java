package dev.tandem.examples.rollout;

import dev.tandem.Tandem;
import dev.tandem.TandemListener;
import dev.tandem.examples.accounts.Accounts;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One app instance: its own Tandem (so its own pool, fleet registration and heartbeat), its own data
 * access code on Tandem's tagged pool, and its own traffic. Starting it is an app startup: Tandem runs
 * first and the node serves only once the schema is ready for its version.
 */
final class Node implements AutoCloseable {

    final String name;
    final Tandem tandem;
    /** The migrations this node's deploy contracted (empty for most nodes). */
    final List<String> contracted;
    private final Traffic traffic;

    private Node(String name, Tandem tandem, List<String> contracted, Traffic traffic) {
        this.name = name;
        this.tandem = tandem;
        this.contracted = contracted;
        this.traffic = traffic;
    }

    /**
     * Starts a node of {@code version}: runs Tandem's start() (which expands and backfills what this
     * version needs, or waits for another node that does), contracts if the version's deploy does,
     * then serves its traffic.
     */
    static Node start(String name, AppVersion version, RollingDeploy.Database db, Ledger ledger,
                      Supplier<PhaseStats> phase, RollingDeploy.Settings settings, TandemListener listener) {
        Tandem tandem = db.configure().appVersion(version.appVersion).locations(version.locations.toArray(String[]::new))
                .listener(listener).load();
        try {
            tandem.start();
            List<String> contracted = version.contractsOnDeploy ? tandem.contract() : List.of();
            Accounts accounts = version.accounts.apply(tandem.dataSource());
            Traffic traffic = new Traffic(name, version.appVersion(), accounts, ledger, phase, settings.threadsPerNode(),
                    settings.requestsPerSecondPerThread());
            traffic.start();
            return new Node(name, tandem, contracted, traffic);
        } catch (RuntimeException e) {
            tandem.close();
            throw e;
        }
    }

    /** Drains the traffic, then closes Tandem, which deregisters the instance from the fleet. */
    @Override
    public void close() throws InterruptedException {
        try {
            traffic.stop();
        } finally {
            tandem.close();
        }
    }

    /**
     * What a version of the app is: its data access, the script locations it ships with, and whether
     * its deploy contracts (the first version that no longer needs the old shape).
     */
    record AppVersion(String appVersion, List<String> locations, Function<DataSource, Accounts> accounts,
                      boolean contractsOnDeploy) {
    }
}
