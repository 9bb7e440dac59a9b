package dev.tandem.cli;

import dev.tandem.TandemConfiguration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The account a replica logs in to its source with during a move, in both directions: these flags, else
 * {@code TANDEM_REPLICATION_USER} and {@code TANDEM_REPLICATION_PASSWORD}, as the library reads them
 * ({@link TandemConfiguration#replicationUser}). Unset: the account Tandem connects to that source with.
 */
final class ReplicationOptions {

    @Option(names = "--replication-user", paramLabel = "USER",
            description = "The account a replica logs in to its source with, on both servers (REPLICATION SLAVE)"
                    + " (default: " + TandemConfiguration.REPLICATION_USER_VARIABLE + ", else the account Tandem"
                    + " connects to that server with).")
    private String user;

    @Option(names = "--replication-password", arity = "0..1", interactive = true, paramLabel = "PASSWORD",
            description = "Its password (default: " + TandemConfiguration.REPLICATION_PASSWORD_VARIABLE + "). Alone:"
                    + " asks for it. With a value it shows in the process list and the shell history; prefer the"
                    + " environment.")
    private String password;

    /**
     * {@code configuration} with the replication account of the flags, each laid over its variable of
     * {@code environment}; as it was when neither flag nor variable names a user.
     */
    TandemConfiguration applyTo(TandemConfiguration configuration, Map<String, String> environment) {
        String replicationUser = user != null ? user : environment.get(TandemConfiguration.REPLICATION_USER_VARIABLE);
        if (replicationUser == null) {
            return configuration;
        }
        return configuration.replicationUser(replicationUser,
                password != null ? password : environment.get(TandemConfiguration.REPLICATION_PASSWORD_VARIABLE));
    }
}
