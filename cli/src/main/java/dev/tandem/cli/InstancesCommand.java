package dev.tandem.cli;

import dev.tandem.TableNames;
import dev.tandem.Tandem;
import dev.tandem.TandemStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tandem instances}: the live application instances of the fleet registry. It only reads: it does
 * not register itself, so it never counts among the instances it lists.
 */
@Command(name = "instances", mixinStandardHelpOptions = true,
        header = "List the live application instances the gates decide on.",
        description = "Each live instance in the fleet registry: id, app version, host, pid, the highest migration"
                + " it knows, when it started and its last heartbeat. Only reads (SELECT on the schema is all it"
                + " needs); it does not register itself.")
final class InstancesCommand implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        TandemStatus status;
        TableNames tables;
        try (Tandem tandem = connection.configuration().load()) {
            status = tandem.status();
            tables = tandem.tableNames();
        }
        NotRunYet.instances(status, tables).ifPresent(output::notice);
        output.print(status.instances(), StatusText::printInstances);
        return ExitCodes.OK;
    }
}
