package dev.tandem.cli;

import dev.tandem.internal.config.ConnectionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * How the command line takes one database's connection: four flags laid over the environment variables of
 * one prefix, which the library then reads ({@link ConnectionSettings}), so a flag and its variable mean
 * the same. Every command's database is {@link #DATABASE} ({@code --url}, {@code TANDEM_URL}, ...);
 * compare's target is {@link #TARGET} ({@code --target-url}, {@code TANDEM_TARGET_URL}, ...).
 */
final class ConnectionFlags {

    static final ConnectionFlags DATABASE = new ConnectionFlags("--", ConnectionSettings.PREFIX, "database");
    static final ConnectionFlags TARGET = new ConnectionFlags("--target-", "TANDEM_TARGET_", "target database");

    /** The values of the four flags as given on the command line; null where a flag was not given. */
    record Given(String url, String user, Path passwordFile, String password) {
    }

    private final String flagPrefix;
    private final String variablePrefix;
    private final String what;

    private ConnectionFlags(String flagPrefix, String variablePrefix, String what) {
        this.flagPrefix = flagPrefix;
        this.variablePrefix = variablePrefix;
        this.what = what;
    }

    /**
     * {@code environment} with the flags laid over its variables, checked as a command line is: a password
     * or secret file (flag or variable) that cannot be read, and no database at all, are usage errors of
     * {@code line} that name where they came from.
     */
    Map<String, String> layOver(Map<String, String> environment, Given given, CommandLine line) {
        Map<String, String> laid = new HashMap<>(environment);
        putIfGiven(laid, "URL", given.url());
        putIfGiven(laid, "USER", given.user());
        if (given.passwordFile() != null) {
            laid.put(variablePrefix + "PASSWORD_FILE", given.passwordFile().toString());
            laid.remove(variablePrefix + "PASSWORD"); // it would win over the file, but the flag is the latest word
        }
        putIfGiven(laid, "PASSWORD", given.password());
        requireReadable(laid.get(variablePrefix + "PASSWORD_FILE"),
                given.passwordFile() != null ? flagPrefix + "password-file" : variablePrefix + "PASSWORD_FILE", line);
        requireReadable(laid.get(variablePrefix + "SECRET_FILE"), variablePrefix + "SECRET_FILE", line);
        if (settings(laid).url() == null) {
            throw new ParameterException(line, "No " + what + " given: pass " + flagPrefix + "url jdbc:mysql://host:3306/schema"
                    + " (with " + flagPrefix + "user and " + flagPrefix + "password-file), or set " + variablePrefix + "URL or "
                    + variablePrefix + "SECRET_FILE.");
        }
        return laid;
    }

    /** The connection that the variables of {@code environment} (flags laid over) give; its toString() hides the password. */
    ConnectionSettings settings(Map<String, String> environment) {
        return ConnectionSettings.fromEnvironment(environment, variablePrefix);
    }

    private void putIfGiven(Map<String, String> environment, String name, String value) {
        if (value != null) {
            environment.put(variablePrefix + name, value);
        }
    }

    /**
     * A file named by a flag or a variable that is not there is a mistake in how the command was called,
     * like a missing flag: a usage error (exit code 2) naming {@code givenBy} and the file, checked before
     * the library would fail on it as on any other failure (exit code 1).
     */
    private static void requireReadable(String file, String givenBy, CommandLine line) {
        if (file != null && !file.isBlank() && (!Files.isReadable(Path.of(file)) || Files.isDirectory(Path.of(file)))) {
            throw new ParameterException(line, givenBy + " " + Path.of(file).toAbsolutePath() + " is not a readable file");
        }
    }
}
