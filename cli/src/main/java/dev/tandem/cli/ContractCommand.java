package dev.tandem.cli;

import dev.tandem.Tandem;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem contract [version]}: the destructive cleanup, through the contract gate. */
@Command(name = "contract", mixinStandardHelpOptions = true,
        header = "Contract a migration (or every ready one) once no live instance needs the old shape.",
        description = "Contracts one migration, or every READY one in the locations (oldest first), once its gate is"
                + " open: expand and backfill done, every live instance knows it, the contract policy agrees."
                + " Refused with exit code " + ExitCodes.GATE_REFUSED + ", naming every blocker, otherwise.")
final class ContractCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MigrationOptions options;

    @Mixin
    private ReplacedTableOptions replaced;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION",
            description = "The migration to contract, e.g. 2 (default: every READY one). Its script must be in the locations.")
    private String version;

    @Option(names = "--app-version", paramLabel = "VERSION", defaultValue = "tandem-cli",
            description = "Recorded as who ran the contract (default: ${DEFAULT-VALUE}).")
    private String appVersion;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Tandem tandem = replaced.applyTo(options.configuration()).appVersion(appVersion).load()) {
            if (version != null) {
                out.println(tandem.contract(version) ? "Contracted migration " + version + "."
                        : "Migration " + version + " was already contracted.");
            } else {
                List<String> contracted = tandem.contract();
                out.println(contracted.isEmpty() ? "Nothing to contract: no migration in the locations is READY."
                        : "Contracted " + String.join(", ", contracted) + ".");
            }
        }
        return ExitCodes.OK;
    }
}
