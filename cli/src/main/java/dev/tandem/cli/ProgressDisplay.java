package dev.tandem.cli;

import java.io.PrintWriter;

/**
 * Progress on stderr (stdout keeps the result): for a person at a terminal one bar redrawn in place, for
 * logs and pipes plain lines. The listeners of expand, compare and move decide what to say and how often.
 */
final class ProgressDisplay {

    private static final int BAR_WIDTH = 30;
    /** ANSI "erase to the end of the line": a shorter redraw leaves nothing of the longer one behind. */
    private static final String ERASE_REST = "\033[K";

    private final PrintWriter err;
    private final boolean terminal;
    private boolean barShown;

    ProgressDisplay(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Whether a person watches: then {@link #redraw} draws a bar, else progress is told with {@link #line}. */
    boolean atTerminal() {
        return terminal;
    }

    /** Redraws the bar in place: {@code percent} done, then {@code text}. */
    synchronized void redraw(long percent, String text) {
        err.print("\r" + barLine(percent, text) + ERASE_REST);
        err.flush();
        barShown = true;
    }

    /** One line of progress, for a log, or between bars (a step of a move); it ends a bar still shown first. */
    synchronized void line(String text) {
        finish();
        err.println(text);
        err.flush();
    }

    /** Ends a bar still shown (done, failed or cut short), so what follows has a line of its own. */
    synchronized void finish() {
        if (barShown) {
            err.println();
            err.flush();
            barShown = false;
        }
    }

    /** E.g. {@code [#########.....................]  31% <text>}. */
    static String barLine(long percent, String text) {
        int filled = (int) (percent * BAR_WIDTH / 100);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + String.format("%3d%% ", percent) + text;
    }

    /** {@code done} of about {@code estimate} in percent, at most 100; 0 while the estimate is unknown (0). */
    static long percent(long done, long estimate) {
        return estimate <= 0 ? 0 : Math.min(100, done * 100 / estimate);
    }
}
