package dev.tandem.testing;

import java.util.List;
import java.util.Optional;

/**
 * The MariaDB installed on the machine (Debian's {@code mariadb-server}, with its plugins), started for one
 * test and stopped with it: for what only a plugin the embedded binaries lack shows, such as the free disk
 * space in {@code information_schema.DISKS}. It is the server of the encrypted-volume move
 * ({@link MovePair#intoEncryptedMariaDb()}), its data encrypted at rest, which changes nothing else a test
 * sees. Check {@link #whyUnavailable()} first.
 */
public final class InstalledMariaDb implements AutoCloseable {

    private final DatabaseServer server;

    private InstalledMariaDb(DatabaseServer server) {
        this.server = server;
    }

    /** Why it cannot run on this machine (what to install); empty when it can. */
    public static Optional<String> whyUnavailable() {
        return EncryptedMariaDb.whyUnavailable();
    }

    public static InstalledMariaDb start() throws Exception {
        InstalledMariaDb installed = new InstalledMariaDb(new EncryptedMariaDb(List.of()));
        try {
            installed.server.start();
            installed.server.verifyIdentity();
        } catch (Exception | Error e) {
            installed.close();
            throw e;
        }
        return installed;
    }

    public DatabaseServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }
}
