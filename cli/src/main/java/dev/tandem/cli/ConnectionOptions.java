package dev.tandem.cli;

import dev.tandem.TableNames;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where the database is ({@link DatabaseOptions}), and Tandem's tables in it: these flags, else the same
 * environment variables the library reads ({@link TandemConfiguration#fromEnvironment(Map)}), so both forms
 * mean exactly what they mean to an application. A picocli mixin; {@link MigrationOptions} adds where the
 * scripts are.
 */
class ConnectionOptions extends DatabaseOptions {

    @Option(names = "--table-prefix", paramLabel = "PREFIX",
            description = "The prefix of Tandem's tables (<prefix>migrations, <prefix>instances, <prefix>backfill),"
                    + " the one the applications on this schema use (default: "
                    + TandemConfiguration.TABLE_PREFIX_VARIABLE + ", else " + TableNames.DEFAULT_PREFIX + ").")
    private String tablePrefix;

    /**
     * A Tandem configuration connected as given, with Tandem's tables under the prefix given; the command
     * adds what it needs and loads it.
     */
    TandemConfiguration configuration() {
        return Tandem.configure().fromEnvironment(environment());
    }

    /** The connection's environment, with the table prefix laid over it too; one the library would refuse is a usage error. */
    @Override
    Map<String, String> environment() {
        Map<String, String> environment = super.environment();
        if (tablePrefix != null) {
            environment.put(TandemConfiguration.TABLE_PREFIX_VARIABLE, tablePrefix);
        }
        requireUsable(environment.get(TandemConfiguration.TABLE_PREFIX_VARIABLE),
                tablePrefix != null ? "--table-prefix" : TandemConfiguration.TABLE_PREFIX_VARIABLE);
        return environment;
    }

    /** A table prefix the library would refuse at load() is a usage error naming {@code givenBy}, as a bad file is. */
    private void requireUsable(String prefix, String givenBy) {
        if (prefix != null && !prefix.isBlank()) {
            TableNames.prefixProblem(prefix).ifPresent(problem -> {
                throw new ParameterException(command().commandLine(), givenBy + " '" + prefix + "' " + problem);
            });
        }
    }
}
