package dev.tandem;

/**
 * A migration script is malformed. Raised before anything executes; the message names the file and,
 * where it applies, the line and column.
 */
public class ScriptException extends TandemException {

    private static final long serialVersionUID = 1L;

    private final String script;
    private final int line;

    public ScriptException(String script, int line, String problem) {
        super(script + (line > 0 ? " line " + line : "") + ": " + problem);
        this.script = script;
        this.line = line;
    }

    /** The script's file name, e.g. {@code V2__add_email.sql}. */
    public String script() {
        return script;
    }

    /** The line the problem is on, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
