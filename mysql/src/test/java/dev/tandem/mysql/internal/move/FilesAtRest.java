package dev.tandem.mysql.internal.move;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The files in which a MariaDB server keeps a database's rows at rest: its tables' tablespaces, its redo log,
 * its binary and relay logs, found through the server's own settings. The move tests' servers run on this
 * machine, so a test can read them and see whether a text is stored as it is, in plain text.
 *
 * @param tables one file per table ({@code innodb_file_per_table}, the default), flushed to disk when found
 */
record FilesAtRest(List<Path> tables, Path redoLog, List<Path> binaryLogs, List<Path> relayLogs) {

    private static final int CHUNK = 1 << 20;

    /**
     * The files of {@code server} holding {@code tables} of its default database. The tables' pages are written
     * out first ({@code FLUSH TABLES ... FOR EXPORT}), so their files hold what the server holds.
     */
    static FilesAtRest of(DataSource server, List<String> tables) throws SQLException {
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            String database = c.getCatalog();
            s.execute("FLUSH TABLES " + tables.stream().map(t -> "`" + t + "`").collect(Collectors.joining(", "))
                    + " FOR EXPORT");
            s.execute("UNLOCK TABLES");
            Path dataDir = Path.of(text(s, "@@datadir"));
            return new FilesAtRest(
                    tables.stream().map(t -> dataDir.resolve(database).resolve(t + ".ibd")).toList(),
                    dataDir.resolve(text(s, "@@innodb_log_group_home_dir")).resolve("ib_logfile0").normalize(),
                    filesStartingWith(text(s, "@@log_bin_basename")),
                    filesStartingWith(text(s, "@@relay_log_basename")));
        }
    }

    List<Path> all() {
        List<Path> all = new ArrayList<>(tables);
        all.add(redoLog);
        all.addAll(binaryLogs);
        all.addAll(relayLogs);
        return all;
    }

    /** Those of these files that hold {@code text}, byte for byte. */
    List<Path> holding(byte[] text) throws IOException {
        List<Path> holding = new ArrayList<>();
        for (Path file : all()) {
            if (holds(file, text)) {
                holding.add(file);
            }
        }
        return holding;
    }

    private static boolean holds(Path file, byte[] text) throws IOException {
        // Read in chunks (a redo log is about 100 MiB); each chunk keeps the previous one's last bytes, so a
        // text across two chunks is found too.
        byte[] window = new byte[text.length - 1 + CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            int kept = 0;
            for (int read; (read = in.readNBytes(window, kept, CHUNK)) > 0; ) {
                int filled = kept + read;
                if (indexOf(window, filled, text) >= 0) {
                    return true;
                }
                kept = Math.min(text.length - 1, filled);
                System.arraycopy(window, filled - kept, window, 0, kept);
            }
        }
        return false;
    }

    private static int indexOf(byte[] bytes, int length, byte[] text) {
        outer:
        for (int i = 0; i <= length - text.length; i++) {
            for (int j = 0; j < text.length; j++) {
                if (bytes[i + j] != text[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** {@code basename.000001}, {@code basename.index} and the like; none when the log is off (NULL). */
    private static List<Path> filesStartingWith(String basename) {
        if (basename == null) {
            return List.of();
        }
        Path base = Path.of(basename);
        try (Stream<Path> files = Files.list(base.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith(base.getFileName() + ".")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the logs " + basename + ".*", e);
        }
    }

    private static String text(Statement s, String variable) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT " + variable)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
