package dev.tandem.mysql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns a {@code CREATE TABLE} statement defines, read from the statement itself: Tandem's tables
 * are checked against the statements that create them, so the two can never disagree.
 */
final class TableShape {

    /** First words of the definitions in a CREATE TABLE that are not columns. */
    private static final Set<String> NOT_COLUMNS = Set.of("KEY", "INDEX", "PRIMARY", "UNIQUE", "CONSTRAINT",
            "FOREIGN", "CHECK", "FULLTEXT", "SPATIAL");

    private TableShape() {
    }

    /**
     * The column names of {@code createTable}, in their order, without quotes. Reads statements like
     * Tandem's own: no quoted text holding commas or parentheses.
     */
    static List<String> columns(String createTable) {
        List<String> columns = new ArrayList<>();
        for (String definition : definitions(createTable)) {
            String name = definition.strip().split("\\s+", 2)[0];
            if (!NOT_COLUMNS.contains(name.toUpperCase(Locale.ROOT))) {
                columns.add(name.replace("`", ""));
            }
        }
        return columns;
    }

    /**
     * Which of {@code expected} are not among {@code found}; compared without case, as MySQL and MariaDB
     * compare column names.
     */
    static List<String> missing(List<String> expected, List<String> found) {
        return expected.stream().filter(column -> found.stream().noneMatch(column::equalsIgnoreCase)).toList();
    }

    /** The comma-separated definitions between the statement's outer parentheses (types' own commas kept). */
    private static List<String> definitions(String createTable) {
        int open = createTable.indexOf('(');
        if (open < 0) {
            throw new IllegalArgumentException("Not a CREATE TABLE with a column list: " + createTable);
        }
        List<String> definitions = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = start; i < createTable.length(); i++) {
            char c = createTable.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ')' || (c == ',' && depth == 0)) {
                definitions.add(createTable.substring(start, i));
                start = i + 1;
                if (c == ')') {
                    return definitions;
                }
            }
        }
        throw new IllegalArgumentException("Unbalanced parentheses in " + createTable);
    }
}
