package dev.tandem.cli;

import dev.tandem.StartResult;
import dev.tandem.Tandem;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem expand}: what an application's {@code start()} does, from a deploy pipeline: expands
 * and backfills every pending migration, and returns when the schema is ready for the app version.
 */
@Command(name = "expand", mixinStandardHelpOptions = true,
        header = "Expand and backfill every pending migration; return when the schema is ready.",
        description = "Expands and backfills every pending migration in the locations, resuming what a dead node left"
                + " half done, and returns when the schema is ready for --app-version. While it runs, it is a live"
                + " instance of that app version in the fleet registry (the gates see it); it leaves at the end.")
final class ExpandCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MigrationOptions options;

    @Mixin
    private BackfillOptions backfill;

    @Option(names = "--app-version", required = true, paramLabel = "VERSION",
            description = "The app version these scripts belong to: recorded as the version that knows each"
                    + " migration it expands, which the startup gate names to older apps.")
    private String appVersion;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop waiting after this long (90s, 10m, 2h) with exit code " + ExitCodes.NOT_READY
                    + "; what was done stays, and the next expand or app start resumes it. Default: no limit.")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (timeout != null) {
            // Checked before anything runs: a timeout of nothing gave up at once, and closed the pools under the expand.
            DurationConverter.requirePositive(spec, "--timeout", timeout);
        }
        Invocation invocation = Invocation.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExpandProgress progress = new ExpandProgress(err, invocation.terminal());
        try (Tandem tandem = backfill.applyTo(options.configuration()).appVersion(appVersion)
                .listener(progress).load()) {
            StartResult result;
            try {
                result = timeout == null ? tandem.start() : startWithin(tandem, timeout);
            } finally {
                progress.finish();
            }
            if (result == null) {
                err.println("tandem expand: the schema was not ready for app " + appVersion + " within " + timeout
                        + "; what was done stays recorded, and the next expand or app start resumes it."
                        + " See tandem status.");
                return ExitCodes.NOT_READY;
            }
            out.println((result.applied().isEmpty() ? "Nothing to apply" : "Applied " + String.join(", ", result.applied()))
                    + "; the schema is ready for app " + appVersion + " (" + result.took().toMillis() + " ms).");
            return ExitCodes.OK;
        }
    }

    /**
     * {@code start()} on a thread of its own, waited for at most {@code timeout}; null when it did not end
     * in time. Closing the Tandem afterwards ends its connections, and with them the work (steps are
     * recorded as they finish, so nothing is left half done that a next start would not resume).
     */
    private static StartResult startWithin(Tandem tandem, Duration timeout) throws Exception {
        FutureTask<StartResult> start = new FutureTask<>(tandem::start);
        Thread thread = new Thread(start, "tandem-expand");
        thread.setDaemon(true);
        thread.start();
        try {
            return start.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
