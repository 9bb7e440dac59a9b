package dev.tandem.mysql.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space of the disk that holds the server's data directory, where the server tells it: MariaDB
 * does in {@code information_schema.DISKS} when its {@code disks} plugin is installed
 * ({@code INSTALL SONAME 'disks'}) and the user has the FILE privilege. MySQL has no such table, nor do
 * MariaDBs without the plugin; a managed service shows its free storage in its own console only.
 */
final class DiskSpace {

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);

    /** Each mount point of each disk, with the KiB available on it to the server (a non-root user). */
    static final String DISKS = "SELECT path, available FROM information_schema.disks";
    static final String DATA_DIRECTORY = "SELECT @@datadir";
    private static final long KIB = 1024;

    /** One row of {@link #DISKS}: a mount point and the KiB available on its disk. */
    record Mount(String path, long availableKib) {
    }

    private DiskSpace() {
    }

    /** The bytes free on the disk of the server's data directory, or empty where the server does not say. */
    static OptionalLong free(Connection connection) throws SQLException {
        if (!Jdbc.isMariaDb(connection)) {
            return OptionalLong.empty();
        }
        List<Mount> mounts;
        try {
            mounts = Jdbc.rows(connection, DISKS).stream()
                    .map(row -> new Mount(row.get(0), Long.parseLong(row.get(1)))).toList();
        } catch (SQLException e) {
            // No disks plugin (an unknown table), or no FILE privilege: the server does not say.
            LOG.debug("The server's free disk space is unknown: {}", e.getMessage());
            return OptionalLong.empty();
        }
        return freeAt(Jdbc.rows(connection, DATA_DIRECTORY).get(0).get(0), mounts);
    }

    /**
     * The bytes free for {@code directory}: on the disk of the longest mount point that holds it (a disk
     * mounted at {@code /var/lib/mysql} rather than the root's); empty when none does.
     */
    static OptionalLong freeAt(String directory, List<Mount> mounts) {
        Path dir = path(directory);
        if (dir == null) {
            return OptionalLong.empty();
        }
        OptionalLong free = OptionalLong.empty();
        int deepest = -1;
        for (Mount mount : mounts) {
            Path at = path(mount.path());
            if (at != null && dir.startsWith(at) && at.getNameCount() > deepest) {
                deepest = at.getNameCount();
                free = OptionalLong.of(mount.availableKib() * KIB);
            }
        }
        return free;
    }

    private static Path path(String text) {
        try {
            return text == null || text.isBlank() ? null : Path.of(text).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
