package dev.tandem.cli;

import dev.tandem.MoveOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How long {@code move cutover}, {@code back} and {@code finish} wait for the other server to apply the last writes. */
final class CatchUpOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--catch-up-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the other server has to apply the serving one's last writes: in a cut-over once the"
                    + " serving one is read-only (then it is abandoned), in finish the move's end"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration catchUpTimeout = MoveOptions.defaults().catchUpTimeout();

    /** {@code options} with this option; one that is not positive is a usage error. */
    MoveOptions applyTo(MoveOptions options) {
        DurationConverter.requirePositive(command, "--catch-up-timeout", catchUpTimeout);
        return options.withCatchUpTimeout(catchUpTimeout);
    }
}
