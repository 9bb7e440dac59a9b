package dev.tandem.internal.script;

import dev.tandem.ScriptException;
import dev.tandem.TandemException;
import dev.tandem.spi.StatementSplitter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The migrations an application ships: every {@code V*.sql}, {@code V*.yaml} and {@code V*.yml} on
 * the configured locations, found by Flyway's scanner (so {@code classpath:} and {@code filesystem:}
 * locations mean what they mean in Flyway), checksummed the way Flyway does, in version order.
 */
public final class MigrationCatalog {

    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final Pattern LINE_ENDING = Pattern.compile("\r\n?");

    private final List<Migration> migrations;

    private MigrationCatalog(List<Migration> migrations) {
        this.migrations = migrations;
    }

    public static MigrationCatalog scan(List<String> locations, ClassLoader classLoader, StatementSplitter splitter,
                                        OperationTypes operationTypes) {
        ClassicConfiguration configuration = new ClassicConfiguration(classLoader);
        configuration.setLocationsAsStrings(locations.toArray(String[]::new));
        Location[] parsed = configuration.getLocations();
        Collection<LoadableResource> resources;
        try {
            resources = FlywayInternals.scan(configuration, parsed, "V", ".sql", ".yaml", ".yml");
        } catch (RuntimeException e) {
            throw new TandemException("Could not scan the migration locations " + locations + ": " + e.getMessage(), e);
        }
        Map<MigrationVersion, Migration> byVersion = new HashMap<>();
        List<Migration> migrations = new ArrayList<>();
        for (LoadableResource resource : resources) {
            String content = read(resource);
            // Flyway's own checksum, computed on the file's text as read rather than reading the file again.
            // It ignores line endings and a byte order mark, so normalising what is parsed changes no checksum.
            Migration migration = new Migration(ScriptName.parse(resource.getFilename()), resource.getAbsolutePath(),
                    parsable(content), FlywayInternals.checksum(content), splitter, operationTypes);
            Migration earlier = byVersion.put(migration.version(), migration);
            if (earlier != null) {
                throw new ScriptException(migration.script(), 0, "version " + migration.versionText()
                        + " is also used by " + earlier.script() + " (" + earlier.location() + "); every migration needs a"
                        + " version of its own");
            }
            migrations.add(migration);
        }
        Collections.sort(migrations);
        return new MigrationCatalog(List.copyOf(migrations));
    }

    private static String read(LoadableResource resource) {
        try (Reader reader = resource.read()) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource.getAbsolutePath(), e);
        }
    }

    /**
     * The script's text as every reader gets it: without a byte order mark and with each line ending
     * ({@code \r\n}, a lone {@code \r}) made {@code \n}. A script saved on Windows then has the same
     * sections, statements and line numbers as the same script saved on Linux.
     */
    private static String parsable(String content) {
        String text = content.startsWith(BYTE_ORDER_MARK) ? content.substring(1) : content;
        return LINE_ENDING.matcher(text).replaceAll("\n");
    }

    /** All migrations, in version order. */
    public List<Migration> all() {
        return migrations;
    }

    public Optional<Migration> find(String version) {
        MigrationVersion wanted = MigrationVersion.fromVersion(version);
        return migrations.stream().filter(m -> m.version().equals(wanted)).findFirst();
    }

    /** The highest version, or null when there is none. */
    public Migration latest() {
        return migrations.isEmpty() ? null : migrations.get(migrations.size() - 1);
    }
}
