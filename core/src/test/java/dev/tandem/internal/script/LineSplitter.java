package dev.tandem.internal.script;

import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A stand-in for the MySQL module's splitter in core's tests (core has no dialect): a statement ends
 * with a line that ends with the delimiter ({@code ;}, or what a {@code DELIMITER} line sets). Like the
 * real one, it leaves the comment lines before a statement out of it and gives the line of its first
 * line of code.
 */
public final class LineSplitter implements StatementSplitter {

    @Override
    public List<ParsedStatement> split(String sql, int firstLine, String source) {
        List<ParsedStatement> statements = new ArrayList<>();
        String delimiter = ";";
        StringBuilder statement = new StringBuilder();
        int start = 0;
        String[] lines = sql.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (statement.length() == 0) {
                if (line.isEmpty() || line.startsWith("--") || line.startsWith("#")) {
                    continue;
                }
                if (line.toUpperCase(Locale.ROOT).startsWith("DELIMITER ")) {
                    delimiter = line.substring("DELIMITER ".length()).strip();
                    continue;
                }
                start = i;
            }
            statement.append(lines[i]).append('\n');
            if (line.endsWith(delimiter)) {
                String text = statement.toString().strip();
                statements.add(new ParsedStatement(text.substring(0, text.length() - delimiter.length()).strip(), firstLine + start));
                statement.setLength(0);
            }
        }
        if (!statement.toString().isBlank()) {
            statements.add(new ParsedStatement(statement.toString().strip(), firstLine + start));
        }
        return statements;
    }

    /** The lines that start with {@code --} or {@code #}: this stand-in knows no multi-line strings. */
    @Override
    public Set<Integer> commentLines(String sql, String source) {
        List<String> lines = sql.lines().map(String::strip).toList();
        return IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith("--") || lines.get(i).startsWith("#"))
                .mapToObj(i -> i + 1).collect(Collectors.toSet());
    }
}
