package dev.tandem.testkit;

import dev.tandem.LintReport;
import dev.tandem.internal.engine.Dialects;
import dev.tandem.internal.lint.MigrationLinter;
import dev.tandem.internal.script.Migration;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.internal.script.OperationTypes;
import dev.tandem.spi.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A test's migration scripts, found on its locations once, and each app version's share of them: the
 * scripts up to that version, copied into a directory of their own, are what that version ships.
 */
final class UserScripts implements AutoCloseable {

    private final List<String> locations;
    private final MigrationCatalog catalog;
    private final Dialect dialect;
    private final Path staging;

    private UserScripts(List<String> locations, MigrationCatalog catalog, Dialect dialect, Path staging) {
        this.locations = locations;
        this.catalog = catalog;
        this.dialect = dialect;
        this.staging = staging;
    }

    /** The scripts on {@code locations}, read as the dialect of the server behind {@code server} reads them. */
    static UserScripts find(List<String> locations, ClassLoader loader, DatabaseMetaData server) throws SQLException {
        Dialect dialect = Dialects.forServer(server, loader);
        MigrationCatalog catalog = MigrationCatalog.scan(locations, loader, dialect.statementSplitter(),
                OperationTypes.discover(loader, dialect.lintRules()));
        if (catalog.all().isEmpty()) {
            throw new IllegalArgumentException("No migration scripts (V<version>__<description>.sql, .yaml) on " + locations);
        }
        try {
            return new UserScripts(List.copyOf(locations), catalog, dialect, Files.createTempDirectory("tandem-testkit-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a directory for the scripts of " + locations, e);
        }
    }

    /** The script of {@code version}; an unknown version names the known ones. */
    Migration migration(String version) {
        return catalog.find(version).orElseThrow(() -> new IllegalArgumentException("No migration " + version + " on "
                + locations + "; its scripts are versions " + catalog.all().stream().map(Migration::versionText).toList()));
    }

    /** A {@code filesystem:} location that holds the scripts of {@code version} and every earlier one. */
    String upTo(String version) {
        Migration last = migration(version);
        Path dir = staging.resolve("v" + last.versionText());
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                for (Migration m : catalog.all()) {
                    if (m.compareTo(last) <= 0) {
                        Files.writeString(dir.resolve(m.script()), m.text(), StandardCharsets.UTF_8);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the scripts up to " + version + " into " + dir, e);
        }
        return "filesystem:" + dir;
    }

    /** Every script linted as an expand lints it, in the SQL of the server behind {@code server}. */
    LintReport lint(DatabaseMetaData server) throws SQLException {
        return new MigrationLinter(dialect.linter(server)).lint(catalog.all());
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
