package dev.tandem.cli;

import dev.tandem.TableNames;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.internal.config.ConnectionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the database is, and Tandem's tables in it: these flags, else the same environment variables the
 * library reads. The flags are laid over the environment and read by the library itself
 * ({@link ConnectionSettings}, {@link TandemConfiguration#fromEnvironment(Map)}), so both forms mean exactly
 * what they mean to an application. A picocli mixin; {@link MigrationOptions} adds where the scripts are.
 */
class ConnectionOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--url", paramLabel = "JDBC-URL",
            description = "The database, e.g. jdbc:mysql://db:3306/shop (default: TANDEM_URL, or TANDEM_SECRET_FILE).")
    private String url;

    @Option(names = "--user", paramLabel = "USER", description = "The user (default: TANDEM_USER, or TANDEM_SECRET_FILE).")
    private String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file holding the password, like TANDEM_PASSWORD_FILE; a trailing newline is ignored.")
    private Path passwordFile;

    @Option(names = "--password", arity = "0..1", interactive = true, paramLabel = "PASSWORD",
            description = "Alone: asks for the password. With a value it shows in the process list and the shell"
                    + " history; prefer --password-file or the environment.")
    private String password;

    @Option(names = "--table-prefix", paramLabel = "PREFIX",
            description = "The prefix of Tandem's tables (<prefix>migrations, <prefix>instances, <prefix>backfill),"
                    + " the one the applications on this schema use (default: "
                    + TandemConfiguration.TABLE_PREFIX_VARIABLE + ", else " + TableNames.DEFAULT_PREFIX + ").")
    private String tablePrefix;

    /** The command these options belong to. */
    CommandSpec command() {
        return command;
    }

    /**
     * A Tandem configuration connected as given, with Tandem's tables under the prefix given; the command
     * adds what it needs and loads it.
     */
    TandemConfiguration configuration() {
        return Tandem.configure().fromEnvironment(environment());
    }

    /** The connection as given; its {@code toString()} hides the password. */
    ConnectionSettings settings() {
        return ConnectionSettings.fromEnvironment(environment());
    }

    /**
     * The environment with the flags laid over it, checked as a command line is: a file that cannot be
     * read, a table prefix the library would refuse and a missing database are usage errors.
     */
    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(Invocation.of(command).environment());
        if (url != null) {
            environment.put("TANDEM_URL", url);
        }
        if (user != null) {
            environment.put("TANDEM_USER", user);
        }
        if (passwordFile != null) {
            environment.put("TANDEM_PASSWORD_FILE", passwordFile.toString());
            environment.remove("TANDEM_PASSWORD"); // it would win over the file, but the flag is the latest word
        }
        if (password != null) {
            environment.put("TANDEM_PASSWORD", password);
        }
        if (tablePrefix != null) {
            environment.put(TandemConfiguration.TABLE_PREFIX_VARIABLE, tablePrefix);
        }
        requireReadable(environment.get("TANDEM_PASSWORD_FILE"), passwordFile != null ? "--password-file" : "TANDEM_PASSWORD_FILE");
        requireReadable(environment.get("TANDEM_SECRET_FILE"), "TANDEM_SECRET_FILE");
        requireUsable(environment.get(TandemConfiguration.TABLE_PREFIX_VARIABLE),
                tablePrefix != null ? "--table-prefix" : TandemConfiguration.TABLE_PREFIX_VARIABLE);
        if (ConnectionSettings.fromEnvironment(environment).url() == null) {
            throw new ParameterException(command.commandLine(), "No database given: pass --url jdbc:mysql://host:3306/schema"
                    + " (with --user and --password-file), or set TANDEM_URL or TANDEM_SECRET_FILE.");
        }
        return environment;
    }

    /** A table prefix the library would refuse at load() is a usage error naming {@code givenBy}, as a bad file is. */
    private void requireUsable(String prefix, String givenBy) {
        if (prefix != null && !prefix.isBlank()) {
            TableNames.prefixProblem(prefix).ifPresent(problem -> {
                throw new ParameterException(command.commandLine(), givenBy + " '" + prefix + "' " + problem);
            });
        }
    }

    /**
     * A file named by a flag or a variable that is not there is a mistake in how the command was called,
     * like a missing flag: a usage error (exit code 2) naming {@code givenBy} and the file, checked before
     * the library would fail on it as on any other failure (exit code 1).
     */
    private void requireReadable(String file, String givenBy) {
        if (file != null && !file.isBlank() && !Files.isReadable(Path.of(file))) {
            throw new ParameterException(command.commandLine(), givenBy + " " + Path.of(file).toAbsolutePath()
                    + " is not a readable file");
        }
    }
}
