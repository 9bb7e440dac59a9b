package dev.tandem.spi;

/** One SQL statement of a script, with the line it starts on (1-based, in the whole file). */
public record ParsedStatement(String sql, int line) {

    /** How much of a statement {@link #oneLine()} shows: enough to recognise it in a message. */
    private static final int SHOWN_SQL = 120;

    /** The statement on one line, cut after 120 characters, for messages. */
    public String oneLine() {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() > SHOWN_SQL ? oneLine.substring(0, SHOWN_SQL) + "..." : oneLine;
    }
}
