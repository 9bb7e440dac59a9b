package dev.tandem.spi;

import java.util.List;
import java.util.Set;

/** Splits SQL text into statements the way the server's own client would (comments, strings, DELIMITER). */
public interface StatementSplitter {

    /**
     * The statements of {@code sql}.
     *
     * @param firstLine the line of {@code sql}'s first character in its file, so statement lines
     *                  point into the file
     * @param source    the file name, for error messages
     */
    List<ParsedStatement> split(String sql, int firstLine, String source);

    /**
     * The lines of {@code sql} (1-based) whose first non-blank character starts a comment, as
     * {@link #split} reads the text; never a line that continues a string, a quoted identifier or a
     * block comment. Tandem looks for its {@code -- tandem:} lines (section markers, accepted lint
     * rules) on these lines only, so text in a multi-line string that looks like one stays text.
     *
     * @param source the file name, for error messages
     */
    Set<Integer> commentLines(String sql, String source);
}
