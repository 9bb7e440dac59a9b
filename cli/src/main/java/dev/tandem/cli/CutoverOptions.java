package dev.tandem.cli;

import dev.tandem.MoveOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What a cut-over ({@code move cutover}, {@code move back}) needs before it begins, and how long the fleet has to hold. */
final class CutoverOptions {

    private static final MoveOptions DEFAULTS = MoveOptions.defaults();

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--ack-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long every live instance has to hold its connections and acknowledge; when one does not,"
                    + " the cut-over is abandoned, exit code " + ExitCodes.CUTOVER_ABANDONED + " (default: ${DEFAULT-VALUE}).")
    private Duration ackTimeout = DEFAULTS.ackTimeout();

    @Option(names = "--max-verification-age", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Refuse to begin unless a verification passed at most this long ago (default: ${DEFAULT-VALUE}).")
    private Duration verificationMaxAge = DEFAULTS.verificationMaxAge();

    @Option(names = "--max-lag", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Refuse to begin while the other server lags more than this; the server counts lag in whole"
                    + " seconds (default: ${DEFAULT-VALUE}).")
    private Duration maxLag = Duration.ofSeconds(DEFAULTS.maxLagSeconds());

    /** {@code options} with these options; a duration out of range is a usage error. */
    MoveOptions applyTo(MoveOptions options) {
        DurationConverter.requirePositive(command, "--ack-timeout", ackTimeout);
        DurationConverter.requirePositive(command, "--max-verification-age", verificationMaxAge);
        if (maxLag.isNegative()) {
            throw new ParameterException(command.commandLine(), "--max-lag must not be negative, not " + maxLag);
        }
        return options.withAckTimeout(ackTimeout).withVerificationMaxAge(verificationMaxAge)
                .withMaxLagSeconds(maxLag.toSeconds());
    }
}
