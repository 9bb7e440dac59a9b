package dev.tandem.cli;

import dev.tandem.internal.config.ConnectionSettings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the database is: these flags, else the same environment variables the library reads
 * ({@link ConnectionFlags#DATABASE}). A picocli mixin; {@link ConnectionOptions} adds where Tandem's tables
 * are, and compare's {@link TargetOptions} name a second database the same way.
 */
class DatabaseOptions {

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

    /** The command these options belong to. */
    CommandSpec command() {
        return command;
    }

    /** The connection as given; its {@code toString()} hides the password. */
    ConnectionSettings settings() {
        return ConnectionFlags.DATABASE.settings(environment());
    }

    /**
     * The environment with the flags laid over it, checked as a command line is: a file that cannot be
     * read and a missing database are usage errors.
     */
    Map<String, String> environment() {
        return ConnectionFlags.DATABASE.layOver(Invocation.of(command).environment(),
                new ConnectionFlags.Given(url, user, passwordFile, password), command.commandLine());
    }
}
