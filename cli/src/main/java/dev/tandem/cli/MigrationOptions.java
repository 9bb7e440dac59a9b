package dev.tandem.cli;

import dev.tandem.TandemConfiguration;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What a command that works on migrations needs: the connection, and where the scripts are, Flyway
 * style, as the library's {@code locations(...)} takes them.
 */
class MigrationOptions extends ConnectionOptions {

    static final String DEFAULT_LOCATION = "classpath:db/tandem";

    @Option(names = "--locations", split = ",", paramLabel = "LOCATION",
            description = "Where the scripts are: filesystem:<path> or classpath:<path>, comma-separated"
                    + " (default: filesystem:DIR for plan with a DIR, else " + DEFAULT_LOCATION + ").")
    private List<String> locations;

    /** The locations given, else the directory's ({@code dir} may be null), else {@link #DEFAULT_LOCATION}. */
    List<String> locations(Path dir) {
        if (locations != null && dir != null) {
            throw new ParameterException(command().commandLine(),
                    "Give the scripts either as a directory or with --locations, not both.");
        }
        if (locations != null) {
            locations.forEach(this::refuseMissingDirectory);
            return List.copyOf(locations);
        }
        return List.of(dir != null ? "filesystem:" + dir.toAbsolutePath() : DEFAULT_LOCATION);
    }

    /**
     * Refuses a {@code filesystem:} location that is not a directory: Flyway only logs that it skips it, and a
     * command would go on without its scripts ("nothing to apply") where the path was mistyped.
     */
    private void refuseMissingDirectory(String location) {
        String given = location.strip();
        // As Flyway reads it: the prefix in any case; a path with wildcards (db/**/sql) names no one directory.
        if (!given.regionMatches(true, 0, FILESYSTEM, 0, FILESYSTEM.length()) || given.matches(".*[*?].*")) {
            return;
        }
        boolean directory;
        try {
            directory = Files.isDirectory(Path.of(given.substring(FILESYSTEM.length())));
        } catch (InvalidPathException e) {
            directory = false;
        }
        if (!directory) {
            throw new ParameterException(command().commandLine(), "The scripts' location " + given
                    + " is not a directory: check the path.");
        }
    }

    private static final String FILESYSTEM = "filesystem:";

    /** A Tandem configuration connected as given, with the scripts of {@link #locations(Path)}. */
    TandemConfiguration configuration(Path dir) {
        return super.configuration().locations(locations(dir).toArray(String[]::new));
    }

    /** For commands without a directory argument: the scripts of {@code --locations}, else the default. */
    @Override
    TandemConfiguration configuration() {
        return configuration(null);
    }
}
