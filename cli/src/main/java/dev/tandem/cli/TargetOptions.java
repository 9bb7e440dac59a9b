package dev.tandem.cli;

import dev.tandem.internal.config.ConnectionSettings;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * compare's second database, given as the first is ({@link DatabaseOptions}) under other names:
 * {@code --target-url} or {@code TANDEM_TARGET_URL}, and so on ({@link ConnectionFlags#TARGET}).
 */
class TargetOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--target-url", paramLabel = "JDBC-URL",
            description = "The target database, e.g. jdbc:mysql://new-db:3306/shop (default: TANDEM_TARGET_URL,"
                    + " or TANDEM_TARGET_SECRET_FILE).")
    private String url;

    @Option(names = "--target-user", paramLabel = "USER",
            description = "The target's user (default: TANDEM_TARGET_USER, or TANDEM_TARGET_SECRET_FILE).")
    private String user;

    @Option(names = "--target-password-file", paramLabel = "FILE",
            description = "A file holding the target's password, like TANDEM_TARGET_PASSWORD_FILE; a trailing newline"
                    + " is ignored.")
    private Path passwordFile;

    @Option(names = "--target-password", arity = "0..1", interactive = true, paramLabel = "PASSWORD",
            description = "Alone: asks for the target's password. With a value it shows in the process list and the"
                    + " shell history; prefer --target-password-file or the environment.")
    private String password;

    /** The target's connection as given; a file that cannot be read or no target at all is a usage error. */
    ConnectionSettings settings() {
        return ConnectionFlags.TARGET.settings(ConnectionFlags.TARGET.layOver(Invocation.of(command).environment(),
                new ConnectionFlags.Given(url, user, passwordFile, password), command.commandLine()));
    }
}
