package dev.tandem.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tandem}: the root command; run alone, it shows the usage (and exits with the usage code). */
@Command(name = "tandem", mixinStandardHelpOptions = true, versionProvider = TandemCommand.Version.class,
        description = "Zero-downtime expand/contract schema migrations and server moves for MySQL and MariaDB.",
        subcommands = {LintCommand.class, PlanCommand.class, StatusCommand.class, ExpandCommand.class,
                ContractCommand.class, RollbackCommand.class, InstancesCommand.class, CompareCommand.class,
                MoveCommand.class, HelpCommand.class},
        footerHeading = "%nConnection (every command but lint):%n",
        footer = {"  --url, --user, --password-file (or --password), else the environment",
                "  variables TANDEM_URL, TANDEM_USER, TANDEM_PASSWORD_FILE, TANDEM_PASSWORD",
                "  and TANDEM_SECRET_FILE. The target of compare and move: --target-url,",
                "  --target-user, --target-password-file (or --target-password), else",
                "  TANDEM_TARGET_URL and so on. See docs/cli.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                ExitCodes.OK + ":done (or nothing left to do)",
                ExitCodes.FAILURE + ":failed: no connection, a failed step, a bad or edited script, an app too old",
                ExitCodes.USAGE + ":wrong command line: unknown command or option, missing argument, no database given,"
                        + " a password or secret file that cannot be read",
                ExitCodes.GATE_REFUSED + ":a contract or rollback gate refused (instances still need the shape)",
                ExitCodes.LINT_FINDINGS + ":lint found errors (with --strict, also warnings)",
                ExitCodes.NOT_READY + ":expand --timeout passed before the schema was ready",
                ExitCodes.DIFFERENCES_FOUND + ":compare or move verify found differences (or a table it could not compare)",
                ExitCodes.MOVE_REFUSED + ":a move step refused, nothing changed: a check of prepare failed, no recent"
                        + " passing verification, replication not healthy",
                ExitCodes.CUTOVER_ABANDONED + ":move cutover or back abandoned: an instance did not acknowledge in time;"
                        + " the source serves on"})
final class TandemCommand implements Callable<Integer> {

    private final Invocation invocation;

    @Spec
    private CommandSpec spec;

    TandemCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    Invocation invocation() {
        return invocation;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The version the executable jar's manifest carries. */
    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = TandemCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tandem " + (version == null ? "(development build)" : version)};
        }
    }
}
