package dev.tandem.cli;

import dev.tandem.Tandem;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem rollback <version> [--force]}: undoes an expand that was never contracted. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        header = "Undo the expand of a migration that was never contracted.",
        description = "Undoes the expand of a migration that was never contracted (newest first), once no live"
                + " instance other than this command knows it; refused with exit code " + ExitCodes.GATE_REFUSED
                + ", naming them, otherwise.")
final class RollbackCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MigrationOptions options;

    @Parameters(index = "0", paramLabel = "VERSION",
            description = "The migration to roll back, e.g. 2. Its script (with its rollback section) must be in the locations.")
    private String version;

    @Option(names = "--force", description = "Roll back even while live instances know the migration: they may then fail.")
    private boolean force;

    @Option(names = "--app-version", paramLabel = "VERSION", defaultValue = "tandem-cli",
            description = "Recorded as who ran the rollback (default: ${DEFAULT-VALUE}).")
    private String appVersion;

    @Override
    public Integer call() {
        try (Tandem tandem = options.configuration().appVersion(appVersion).load()) {
            tandem.rollback(version, force);
        }
        spec.commandLine().getOut().println("Rolled back migration " + version + (force ? " (forced)." : "."));
        return ExitCodes.OK;
    }
}
