package dev.tandem.cli;

/**
 * What {@code tandem} returns, for scripts and deploy pipelines to branch on (docs/cli.md lists them
 * too). Stable: a code is never reused for another meaning.
 */
final class ExitCodes {

    /** The command did what was asked (also: nothing was left to do). */
    static final int OK = 0;
    /** Tandem could not do it: no connection, a failed step, a malformed or edited script, an app too old. */
    static final int FAILURE = 1;
    /**
     * The command line is wrong: unknown command or option, missing argument, no database given, a
     * password or secret file (flag or variable) that cannot be read.
     */
    static final int USAGE = 2;
    /** A contract or rollback gate refused: instances that need the current shape are alive. */
    static final int GATE_REFUSED = 3;
    /** {@code lint} found errors (with {@code --strict}, warnings too). */
    static final int LINT_FINDINGS = 4;
    /** {@code expand --timeout}: the schema was not ready in time; the work goes on at the next expand or start. */
    static final int NOT_READY = 5;
    /** {@code compare} (or {@code move verify}) found a difference of schema or rows, or a table it could not compare. */
    static final int DIFFERENCES_FOUND = 6;
    /**
     * A {@code move} step must not run as things are: a check of {@code prepare} failed, a cut-over without a
     * recent passing verification or with replication unhealthy, a step out of the move's order. Nothing was changed.
     */
    static final int MOVE_REFUSED = 7;
    /** {@code move cutover} or {@code back} was abandoned: an instance did not acknowledge in time; the source serves on. */
    static final int CUTOVER_ABANDONED = 8;

    private ExitCodes() {
    }
}
