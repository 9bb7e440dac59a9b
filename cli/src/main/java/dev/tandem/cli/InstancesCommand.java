package dev.tandem.cli;

import dev.tandem.InstanceStatus;
import dev.tandem.Tandem;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tandem instances}: the live application instances of the fleet registry. */
@Command(name = "instances", mixinStandardHelpOptions = true,
        header = "List the live application instances the gates decide on.",
        description = "Each live instance in the fleet registry: id, app version, host, pid, the highest migration"
                + " it knows, when it started and its last heartbeat.")
final class InstancesCommand implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        List<InstanceStatus> instances;
        try (Tandem tandem = connection.configuration().load()) {
            instances = tandem.status().instances();
        }
        output.print(instances, StatusText::printInstances);
        return ExitCodes.OK;
    }
}
