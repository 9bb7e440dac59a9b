package dev.tandem.spi;

import java.util.List;

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
}
