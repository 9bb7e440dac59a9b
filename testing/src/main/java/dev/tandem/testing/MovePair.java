package dev.tandem.testing;

import java.util.List;
import java.util.Optional;

/**
 * Two servers of one flavor for the tests of a database move, started by the test bed: both write a
 * row-based binary log (the source for the copy's coordinates and the forward replication, the target for
 * the replication back), with server ids 1 and 2; nothing replicates until a test sets it up. Started for
 * a test class and stopped with it: the shared test servers have no binary log.
 */
public final class MovePair implements AutoCloseable {

    private final DatabaseServer source;
    private final DatabaseServer target;

    private MovePair(DatabaseServer source, DatabaseServer target) {
        this.source = source;
        this.target = target;
    }

    /** Two servers of {@code flavor}, of the test bed's version. */
    public static MovePair start(Flavor flavor) throws Exception {
        return flavor == Flavor.MARIADB
                ? start(new EmbeddedMariaDb(options(1)), new EmbeddedMariaDb(options(2)))
                : start(new EmbeddedMySql(options(1)), new EmbeddedMySql(options(2)));
    }

    /**
     * Two servers of {@code flavor} as {@link #start(Flavor)} gives them, but a target that writes no binary log
     * (MariaDB's default): a move into it works, and nothing can replicate back from it.
     */
    public static MovePair withoutTargetBinaryLog(Flavor flavor) throws Exception {
        List<String> target = List.of("--server-id=2", "--relay-log=relay", "--report-host=127.0.0.1",
                "--skip-log-bin");
        return flavor == Flavor.MARIADB
                ? start(new EmbeddedMariaDb(options(1)), new EmbeddedMariaDb(target))
                : start(new EmbeddedMySql(options(1)), new EmbeddedMySql(target));
    }

    /**
     * A MariaDB {@link EmbeddedMariaDb#PREVIOUS_VERSION} source and a MariaDB of the test bed's version as
     * the target: an upgrade of the engine (needs the older binaries on the classpath, see {@link EmbeddedMariaDb}).
     */
    public static MovePair mariaDbUpgrade() throws Exception {
        return start(new EmbeddedMariaDb(EmbeddedMariaDb.PREVIOUS_VERSION, options(1)), new EmbeddedMariaDb(options(2)));
    }

    /**
     * A MariaDB {@link EmbeddedMariaDb#PREVIOUS_VERSION} source and, as the target, the MariaDB installed on the
     * machine with its tables, redo log, binary and relay logs encrypted ({@code file_key_management}, a key made
     * for the run): the move into an encrypted server. The source is the older embedded release so that the
     * installed one (Debian 12's 10.11, Debian 13's 11.8) is of its release series or newer. Check
     * {@link #whyNoEncryptedTarget()} first.
     */
    public static MovePair intoEncryptedMariaDb() throws Exception {
        return start(new EmbeddedMariaDb(EmbeddedMariaDb.PREVIOUS_VERSION, options(1)), new EncryptedMariaDb(options(2)));
    }

    /** Why {@link #intoEncryptedMariaDb()} cannot run on this machine (what to install); empty when it can. */
    public static Optional<String> whyNoEncryptedTarget() {
        return EncryptedMariaDb.whyUnavailable();
    }

    private static List<String> options(int serverId) {
        return List.of("--log-bin=binlog", "--server-id=" + serverId, "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--relay-log=relay", "--report-host=127.0.0.1");
    }

    private static MovePair start(DatabaseServer source, DatabaseServer target) throws Exception {
        MovePair pair = new MovePair(source, target);
        try {
            source.start();
            source.verifyIdentity();
            target.start();
            target.verifyIdentity();
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    public DatabaseServer source() {
        return source;
    }

    public DatabaseServer target() {
        return target;
    }

    /** The port {@code server} listens on (127.0.0.1), as a replica configured on the other one needs it. */
    public static int port(DatabaseServer server) {
        return Integer.parseInt(server.jdbcUrl("").replaceFirst("^jdbc:mysql://[^:]+:(\\d+)/.*$", "$1"));
    }

    @Override
    public void close() {
        target.stop();
        source.stop();
    }
}
