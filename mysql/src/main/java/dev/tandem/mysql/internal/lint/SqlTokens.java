package dev.tandem.mysql.internal.lint;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * One MySQL/MariaDB statement as tokens, for what jOOQ's open-source parser does not read: statement
 * heads, the clauses of an {@code ALTER TABLE}, {@code ALGORITHM=}/{@code LOCK=} options. Comments are
 * skipped; executable comments ({@code /*!80023 ...}, and {@code /*M!...} on MariaDB) are SQL the
 * server runs, so their content is read as SQL and only their markers are dropped.
 */
final class SqlTokens {

    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, VARIABLE, SYMBOL }

    /** A token; {@code depth} is how many parentheses enclose it. */
    record Token(Kind kind, String text, int start, int end, int depth) {

        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
        }

        /** The identifier it stands for: a quoted name without its backticks. */
        String name() {
            return kind == Kind.QUOTED_NAME ? text.substring(1, text.length() - 1).replace("``", "`") : text;
        }
    }

    /** Tokens {@code from} (inclusive) to {@code to} (exclusive). */
    record Span(int from, int to) {
    }

    private static final String[] OPERATORS = {"<=>", "->>", "<=", ">=", "<>", "!=", ":=", "||", "&&", "<<", ">>", "->"};

    /** The statement with the markers of executable comments blanked, so token offsets still point into it. */
    private final String text;
    private final List<Token> tokens;

    private SqlTokens(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    static SqlTokens of(String sql, boolean mariaDb) {
        return new Lexer(sql, mariaDb).run();
    }

    int size() {
        return tokens.size();
    }

    Token get(int i) {
        return tokens.get(i);
    }

    /** Whether the tokens from {@code i} on are these keywords (or symbols), in this order. */
    boolean at(int i, String... words) {
        for (int k = 0; k < words.length; k++) {
            if (i + k >= tokens.size()) {
                return false;
            }
            Token t = tokens.get(i + k);
            if (!(t.is(words[k]) || t.isSymbol(words[k]))) {
                return false;
            }
        }
        return true;
    }

    /** The upper-case word at {@code i}, or "" when there is none. */
    String word(int i) {
        return i < tokens.size() && tokens.get(i).kind() == Kind.WORD ? tokens.get(i).text().toUpperCase(Locale.ROOT) : "";
    }

    /** The SQL text of a span, as written. */
    String text(Span span) {
        return span.from() >= span.to() ? ""
                : text.substring(tokens.get(span.from()).start(), tokens.get(span.to() - 1).end());
    }

    String text(int from) {
        return text(new Span(from, tokens.size()));
    }

    /**
     * The SQL text of a span without the tokens marked in {@code dropped}, the kept runs joined by a
     * space (a dropped token is never inside a word, so nothing is glued together).
     */
    String textWithout(Span span, BitSet dropped) {
        StringBuilder out = new StringBuilder();
        int run = -1;
        for (int i = span.from(); i <= span.to(); i++) {
            boolean keep = i < span.to() && !dropped.get(i);
            if (keep && run < 0) {
                run = i;
            } else if (!keep && run >= 0) {
                out.append(out.length() > 0 ? " " : "").append(text(new Span(run, i)));
                run = -1;
            }
        }
        return out.toString();
    }

    /** A span cut at its commas outside parentheses: the items of a list, or the clauses of an ALTER TABLE. */
    List<Span> splitAtCommas(Span span) {
        List<Span> parts = new ArrayList<>();
        int depth = span.from() < span.to() ? tokens.get(span.from()).depth() : 0;
        int start = span.from();
        for (int i = span.from(); i < span.to(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol(",") && t.depth() == depth) {
                parts.add(new Span(start, i));
                start = i + 1;
            }
        }
        parts.add(new Span(start, span.to()));
        return parts;
    }

    /** Where these keywords first follow each other outside the span's parentheses, or -1. */
    int indexOf(Span span, String... words) {
        int depth = span.from() < span.to() ? tokens.get(span.from()).depth() : 0;
        for (int i = span.from(); i < span.to(); i++) {
            if (tokens.get(i).depth() == depth && at(i, words)) {
                return i;
            }
        }
        return -1;
    }

    /** The index just after a name at {@code i}, qualified or not ({@code db.t}, {@code `t`}); {@code i} when there is none. */
    int afterName(int i) {
        if (i >= tokens.size() || !tokens.get(i).isName()) {
            return i;
        }
        int end = i + 1;
        while (end + 1 < tokens.size() && tokens.get(end).isSymbol(".") && tokens.get(end + 1).isName()) {
            end += 2;
        }
        return end;
    }

    /** The name that starts at {@code i}, unquoted, its parts joined by dots. */
    String name(int i) {
        StringBuilder name = new StringBuilder();
        for (int k = i; k < afterName(i); k += 2) {
            name.append(name.length() > 0 ? "." : "").append(tokens.get(k).name());
        }
        return name.toString();
    }

    /** Reads tokens off the text; an unterminated string or comment runs to the end, as the server would complain. */
    private static final class Lexer {

        private final String sql;
        private final boolean mariaDb;
        private final StringBuilder text;
        private final List<Token> tokens = new ArrayList<>();
        private int pos;
        private int depth;
        private boolean inExecutableComment;

        Lexer(String sql, boolean mariaDb) {
            this.sql = sql;
            this.mariaDb = mariaDb;
            this.text = new StringBuilder(sql);
        }

        SqlTokens run() {
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '#' || sql.startsWith("--", pos) && (pos + 2 == sql.length()
                        || Character.isWhitespace(sql.charAt(pos + 2)))) {
                    int end = sql.indexOf('\n', pos);
                    pos = end < 0 ? sql.length() : end;
                } else if (sql.startsWith("/*!", pos) || mariaDb && sql.startsWith("/*M!", pos)) {
                    int end = pos + (sql.charAt(pos + 2) == '!' ? 3 : 4);
                    while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                        end++;
                    }
                    blank(pos, end);
                    inExecutableComment = true;
                } else if (inExecutableComment && sql.startsWith("*/", pos)) {
                    blank(pos, pos + 2);
                    inExecutableComment = false;
                } else if (sql.startsWith("/*", pos)) {
                    int end = sql.indexOf("*/", pos + 2);
                    pos = end < 0 ? sql.length() : end + 2;
                } else if (c == '\'' || c == '"') {
                    add(Kind.STRING, quoted(c));
                } else if (c == '`') {
                    add(Kind.QUOTED_NAME, quoted(c));
                } else if (c == '@') {
                    add(Kind.VARIABLE, variable());
                } else if (Character.isDigit(c)) {
                    add(Kind.NUMBER, wordEnd(pos));
                } else if (isWordChar(c)) {
                    add(Kind.WORD, wordEnd(pos));
                } else {
                    add(Kind.SYMBOL, symbolEnd());
                }
            }
            return new SqlTokens(text.toString(), List.copyOf(tokens));
        }

        private void blank(int from, int to) {
            for (int i = from; i < to; i++) {
                text.setCharAt(i, ' ');
            }
            pos = to;
        }

        private void add(Kind kind, int end) {
            String token = sql.substring(pos, end);
            if (kind == Kind.SYMBOL && token.equals(")")) {
                depth = Math.max(0, depth - 1);
            }
            tokens.add(new Token(kind, token, pos, end, depth));
            if (kind == Kind.SYMBOL && token.equals("(")) {
                depth++;
            }
            pos = end;
        }

        /** The end of a quoted string or name; the quote doubled, or escaped by a backslash in strings, stays inside. */
        private int quoted(char quote) {
            int i = pos + 1;
            while (i < sql.length()) {
                char c = sql.charAt(i);
                if (c == '\\' && quote != '`') {
                    i += 2;
                } else if (c == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else if (c == quote) {
                    return i + 1;
                } else {
                    i++;
                }
            }
            return sql.length();
        }

        private int variable() {
            int i = pos + 1;
            if (i < sql.length() && sql.charAt(i) == '@') {
                i++;
            }
            if (i < sql.length() && "'\"`".indexOf(sql.charAt(i)) >= 0) {
                int start = pos;
                pos = i;
                int end = quoted(sql.charAt(i));
                pos = start;
                return end;
            }
            while (i < sql.length() && (isWordChar(sql.charAt(i)) || sql.charAt(i) == '.')) {
                i++;
            }
            return i;
        }

        private int wordEnd(int from) {
            int i = from;
            while (i < sql.length() && isWordChar(sql.charAt(i))) {
                i++;
            }
            return i;
        }

        private int symbolEnd() {
            for (String operator : OPERATORS) {
                if (sql.startsWith(operator, pos)) {
                    return pos + operator.length();
                }
            }
            return pos + 1;
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f;
        }
    }
}
