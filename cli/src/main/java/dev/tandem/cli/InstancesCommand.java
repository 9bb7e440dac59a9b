package dev.tandem.cli;

import dev.tandem.InstanceStatus;
import dev.tandem.Tandem;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem instances}: the live application instances of the fleet registry. */
@Command(name = "instances", mixinStandardHelpOptions = true,
        header = "List the live application instances the gates decide on.",
        description = "Each live instance in the fleet registry: id, app version, host, pid, the highest migration"
                + " it knows, when it started and its last heartbeat.")
final class InstancesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--json", description = "Print JSON (shape in docs/cli.md).")
    private boolean json;

    @Override
    public Integer call() {
        List<InstanceStatus> instances;
        try (Tandem tandem = connection.configuration().load()) {
            instances = tandem.status().instances();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, instances);
        } else {
            StatusText.printInstances(instances, out);
        }
        return ExitCodes.OK;
    }
}
