package dev.tandem.cli;

import dev.tandem.MoveOptions;
import dev.tandem.Tandem;
import dev.tandem.TandemMove;
import dev.tandem.internal.config.ConnectionSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every {@code tandem move} command takes: the source (the database every command connects to, with its
 * table prefix), the target, the replication account and {@code --json}. It opens the move through the
 * library ({@link Tandem#move}) with the command's options and its progress on stderr, runs the step, closes
 * the move and prints the step's result {@code R}: as text, or with {@code --json} as JSON.
 */
abstract class MoveStep<R> implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions source;

    @Mixin
    private TargetOptions target;

    @Mixin
    private ReplicationOptions replication;

    @Mixin
    private OutputOptions output;

    @Override
    public final Integer call() {
        MoveOptions options = options(MoveOptions.defaults());
        ConnectionSettings targetSettings = target.settings();
        Invocation invocation = Invocation.of(spec);
        MoveProgress progress = new MoveProgress(spec.commandLine().getErr(), invocation.terminal());
        R result;
        try (Tandem tandem = replication.applyTo(source.configuration(), invocation.environment())
                .moveTarget(targetSettings.url(), targetSettings.user(), targetSettings.password()).load();
             TandemMove move = tandem.move(options.withListener(progress))) {
            try {
                result = run(move, progress);
            } finally {
                progress.finish();
            }
        }
        output.print(result, this::print);
        return exitCode(result);
    }

    /** {@code defaults} with this command's options; usage errors are found here, before anything connects. */
    MoveOptions options(MoveOptions defaults) {
        return defaults;
    }

    /** Runs the step; {@code progress} is the move's listener already, and has the verification's. */
    abstract R run(TandemMove move, MoveProgress progress);

    /** The result for people. */
    abstract void print(R result, PrintWriter out);

    /** The exit code the result means. */
    int exitCode(R result) {
        return ExitCodes.OK;
    }

    /** A usage error of this command (exit code 2), e.g. an option out of its range. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
