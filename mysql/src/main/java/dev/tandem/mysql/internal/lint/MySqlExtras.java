package dev.tandem.mysql.internal.lint;

import dev.tandem.mysql.internal.lint.Classification.Match;
import dev.tandem.mysql.internal.lint.SqlTokens.Span;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * What MySQL and MariaDB accept in a clause of {@code ALTER TABLE} or in {@code CREATE/DROP INDEX} but
 * jOOQ's open-source parser does not read: the online DDL options {@code ALGORITHM=} and {@code LOCK=},
 * {@code USING BTREE}, {@code [IN]VISIBLE}, {@code IF [NOT] EXISTS}, and in a column definition the
 * generated-column expression. They are found here, the ones that matter become matches, and the rest
 * of the clause goes to jOOQ without them.
 */
final class MySqlExtras {

    private static final Set<String> ALGORITHMS = Set.of("DEFAULT", "INSTANT", "INPLACE", "COPY", "NOCOPY");
    private static final Set<String> LOCKS = Set.of("DEFAULT", "NONE", "SHARED", "EXCLUSIVE");
    private static final Set<String> BLOCKING_LOCKS = Set.of("SHARED", "EXCLUSIVE");
    private static final Set<String> INDEX_TYPES = Set.of("BTREE", "HASH", "RTREE");
    /** Words after which the next word is a column name, never an attribute (a column may be called "visible"). */
    private static final Set<String> BEFORE_NAME = Set.of("ADD", "COLUMN", "MODIFY", "CHANGE");

    private final SqlTokens tokens;
    private final Span span;
    private final String table;
    private final BitSet dropped = new BitSet();
    private final List<Match> matches = new ArrayList<>();
    private boolean generated;

    private MySqlExtras(SqlTokens tokens, Span span, String table) {
        this.tokens = tokens;
        this.span = span;
        this.table = table;
    }

    /**
     * Finds the extras in {@code span}, outside parentheses; {@code table} is the table the statement
     * changes, {@code columnDefinition} whether the span defines a column (ADD, MODIFY, CHANGE).
     */
    static MySqlExtras of(SqlTokens tokens, Span span, String table, boolean columnDefinition) {
        MySqlExtras extras = new MySqlExtras(tokens, span, table);
        extras.read(columnDefinition);
        return extras;
    }

    /** The span's SQL without the extras, for jOOQ. */
    String rest() {
        return tokens.textWithout(span, dropped);
    }

    /** The SQL from {@code from} to the span's end without the extras. */
    String rest(int from) {
        return tokens.textWithout(new Span(from, span.to()), dropped);
    }

    /** The first token that is not an extra, or -1 when the span holds nothing else. */
    int firstKept() {
        int first = dropped.nextClearBit(span.from());
        return first < span.to() ? first : -1;
    }

    /** Rules the extras match: ALGORITHM=COPY, a blocking LOCK=, a STORED generated column. */
    List<Match> matches() {
        return matches;
    }

    /** Whether the span defines a generated column, whose value the server computes (it needs no DEFAULT). */
    boolean generated() {
        return generated;
    }

    private void read(boolean columnDefinition) {
        int depth = span.from() < span.to() ? tokens.get(span.from()).depth() : 0;
        for (int i = span.from(); i < span.to(); i++) {
            boolean columnName = i > span.from() && BEFORE_NAME.contains(tokens.word(i - 1));
            if (tokens.get(i).depth() == depth && !columnName) {
                int end = extraAt(i, depth, columnDefinition);
                dropped.set(i, end);
                i = Math.max(i, end - 1);
            }
        }
    }

    /** The end of the extra that starts at {@code i}, its match recorded, or {@code i} when none does. */
    private int extraAt(int i, int depth, boolean columnDefinition) {
        int end = option(i, "ALGORITHM", ALGORITHMS);
        if (end > i) {
            if (tokens.word(end - 1).equals("COPY")) {
                matches.add(new Match(LintRule.ALGORITHM_COPY, table, table));
            }
            return end;
        }
        end = option(i, "LOCK", LOCKS);
        if (end > i) {
            String lock = tokens.word(end - 1);
            if (BLOCKING_LOCKS.contains(lock)) {
                matches.add(new Match(LintRule.BLOCKING_LOCK, "LOCK=" + lock + " on " + table, table));
            }
            return end;
        }
        if (tokens.at(i, "USING") && INDEX_TYPES.contains(tokens.word(i + 1))) {
            return i + 2;
        }
        if (tokens.at(i, "VISIBLE") || tokens.at(i, "INVISIBLE")) {
            return i + 1;
        }
        if (tokens.at(i, "IF", "EXISTS") || tokens.at(i, "IF", "NOT", "EXISTS")) {
            return tokens.at(i + 1, "NOT") ? i + 3 : i + 2;
        }
        return columnDefinition ? generatedColumn(i, depth) : i;
    }

    /** The end of {@code NAME [=] value} at {@code i} with one of {@code values}, or {@code i}. */
    private int option(int i, String name, Set<String> values) {
        if (!tokens.at(i, name)) {
            return i;
        }
        int value = tokens.at(i + 1, "=") ? i + 2 : i + 1;
        return values.contains(tokens.word(value)) ? value + 1 : i;
    }

    /** The end of {@code [GENERATED ALWAYS] AS (expr) [VIRTUAL | STORED | PERSISTENT]} at {@code i}, or {@code i}. */
    private int generatedColumn(int i, int depth) {
        int as = tokens.at(i, "GENERATED", "ALWAYS", "AS") ? i + 2 : i;
        if (!tokens.at(as, "AS", "(")) {
            return i;
        }
        int end = as + 2;
        while (end < span.to() && !(tokens.get(end).isSymbol(")") && tokens.get(end).depth() == depth)) {
            end++;
        }
        end = Math.min(end + 1, span.to());
        generated = true;
        String storage = tokens.word(end);
        if (storage.equals("STORED") || storage.equals("PERSISTENT")) {
            matches.add(new Match(LintRule.STORED_GENERATED_COLUMN, table, table));
        }
        return storage.equals("VIRTUAL") || storage.equals("STORED") || storage.equals("PERSISTENT") ? end + 1 : end;
    }
}
