package dev.tandem.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the migration scripts are, Flyway style, as the library's {@code locations(...)} takes them. */
final class LocationOptions {

    static final String DEFAULT = "classpath:db/tandem";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--locations", split = ",", paramLabel = "LOCATION",
            description = "Where the scripts are: filesystem:<path> or classpath:<path>, comma-separated"
                    + " (default: filesystem:DIR for plan with a DIR, else " + DEFAULT + ").")
    private List<String> locations;

    /** The locations given, else the directory's ({@code dir} may be null), else {@link #DEFAULT}. */
    List<String> resolve(Path dir) {
        if (locations != null && dir != null) {
            throw new ParameterException(command.commandLine(),
                    "Give the scripts either as a directory or with --locations, not both.");
        }
        if (locations != null) {
            return List.copyOf(locations);
        }
        return List.of(dir != null ? "filesystem:" + dir.toAbsolutePath() : DEFAULT);
    }

    /** For commands without a directory argument. */
    String[] resolve() {
        return resolve(null).toArray(String[]::new);
    }
}
