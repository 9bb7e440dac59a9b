package dev.tandem.mysql.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Tandem reads out of an {@code up} / {@code down} expression without a parser: the words that
 * name columns, and whether the expression always gives the same value for the same row. Words are
 * read with the server's rules for identifiers: unquoted ones are letters, digits, {@code _}, {@code $}
 * and any character from U+0080 up (so {@code straße} and {@code 名前} are names), not all digits;
 * quoted ones are {@code `...`} with {@code ``} for a backtick. String literals are skipped.
 */
final class Expressions {

    /** A string literal, single- or double-quoted, with its escapes. */
    static final Pattern STRING = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.|\"\")*\"");
    private static final Pattern WORD = Pattern.compile("`((?:[^`]|``)+)`|(?<![\\w$\\x{80}-\\x{10FFFF}])"
            + "([0-9A-Za-z_$\\x{80}-\\x{10FFFF}]+)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern ONE_WORD = Pattern.compile("\\s*(?:" + WORD.pattern() + ")\\s*", Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * Functions whose value can differ between two evaluations over the same row: the clock, random
     * values, the session, or other tables (a subquery). A backfill cannot check such an expression's
     * values, only that they were set. Some are calls only with parentheses (a column may be named
     * {@code user}); the clock's and the session's keywords also stand alone.
     */
    private static final Pattern NOT_DETERMINISTIC = Pattern.compile("(?<![\\w$\\x{80}-\\x{10FFFF}`])(?:"
            + "(?:rand|uuid|uuid_short|sys_guid|now|curdate|curtime|sysdate|connection_id|user|"
            + "session_user|system_user|last_insert_id|row_count|found_rows|sleep|random_bytes|nextval|lastval|get_lock|"
            + "database|schema|version)\\s*\\(|unix_timestamp\\s*\\(\\s*\\)"
            + "|(?:current_timestamp|current_date|current_time|localtime|localtimestamp|utc_date|utc_time|utc_timestamp|"
            + "current_user|current_role|select)(?![\\w$\\x{80}-\\x{10FFFF}]))",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    /** Where a subquery begins: its opening parenthesis. */
    private static final Pattern SUBQUERY = Pattern.compile("\\(\\s*select(?![\\w$\\x{80}-\\x{10FFFF}])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    /** A join's {@code USING (...)}: its columns name both tables' at once, never a variable. */
    private static final Pattern USING = Pattern.compile("(?<![\\w$\\x{80}-\\x{10FFFF}])using\\s*\\([^)]*\\)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    /** A name as the server reads it, quoted or not. */
    private static final String ANY_NAME = "(?:`(?:[^`]|``)+`|[0-9A-Za-z_$\\x{80}-\\x{10FFFF}]+)";
    /** {@link #ANY_NAME}, captured. */
    private static final String NAME = "(" + ANY_NAME + ")";
    /** A table a subquery reads, after FROM or JOIN: a name, or a database's and a name. */
    private static final Pattern TABLE_READ = Pattern.compile("(?<![\\w$\\x{80}-\\x{10FFFF}])(?:from|join|straight_join)\\s+"
            + NAME + "(?:\\s*\\.\\s*" + NAME + ")?", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    /** The first table of each part of a comma join, after its comma: {@code , b}, {@code , shop.c}. */
    private static final Pattern LEADING_TABLE = Pattern.compile("\\s*" + NAME + "(?:\\s*\\.\\s*" + NAME + ")?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    /** A FROM clause that begins with a derived table, {@code FROM (SELECT ...) d}: its opening parenthesis. */
    private static final Pattern FROM_DERIVED = Pattern.compile("(?<![\\w$\\x{80}-\\x{10FFFF}])from\\s*\\(",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    /** What ends a FROM clause's list of tables. */
    private static final Pattern FROM_CLAUSE_END = Pattern.compile("(?<![\\w$\\x{80}-\\x{10FFFF}])(?:where|group|having|order"
            + "|limit|union|window|for|lock|into)(?![\\w$\\x{80}-\\x{10FFFF}])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    /** The units of time the server reads as keywords, never as columns. */
    private static final String TIME_UNIT = "(?:microsecond|second|minute|hour|day|week|month|quarter|year|second_microsecond"
            + "|minute_microsecond|minute_second|hour_microsecond|hour_second|hour_minute|day_microsecond|day_second"
            + "|day_minute|day_hour|year_month)(?![\\w$\\x{80}-\\x{10FFFF}])";
    /**
     * A unit of time where it is one: after an {@code INTERVAL}'s value ({@code INTERVAL 1 YEAR}, {@code INTERVAL
     * -n DAY}, {@code INTERVAL (a + 1) HOUR}), as {@code EXTRACT}'s first argument (with the {@code FROM} after it,
     * which reads no table), or as {@code TIMESTAMPADD}'s or {@code TIMESTAMPDIFF}'s. Its one group that matched is
     * what names no column.
     */
    private static final Pattern TIME_UNIT_USE = Pattern.compile("(?<![\\w$\\x{80}-\\x{10FFFF}])(?:interval\\s+[-+]?\\s*"
            + "(?:[0-9.]+|''|\\([^()]*\\)|" + ANY_NAME + "(?:\\s*\\.\\s*" + ANY_NAME + ")*)\\s+(" + TIME_UNIT + ")"
            + "|extract\\s*\\(\\s*(" + TIME_UNIT + "\\s+from)(?![\\w$\\x{80}-\\x{10FFFF}])"
            + "|timestamp(?:add|diff)\\s*\\(\\s*(" + TIME_UNIT + "))",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * Arithmetic (bitwise too), or a cast or function that makes a number: over text, it converts the text to a
     * number on the way, which an {@code UPDATE} in strict mode fails on text that is no number, whatever the expression's
     * own type ({@code CONCAT(code + 0)} is text). Read after string literals and quoted names are emptied;
     * a column named like one of the words only makes a check look at more rows.
     */
    private static final Pattern COMPUTES_NUMBER = Pattern.compile("[-+*/%&|^~]|<<|>>|(?<![\\w$\\x{80}-\\x{10FFFF}])(?:div|mod|signed"
            + "|unsigned|decimal|abs|ceil|ceiling|floor|round|truncate|sign|sqrt|pow|power|exp|ln|log|log2|log10|conv)"
            + "(?![\\w$\\x{80}-\\x{10FFFF}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    /** A number written out ({@code 0}, {@code 1.5}, {@code .5}, {@code 2e3}), not the start of a name ({@code 3d}). */
    private static final String NUMBER = "(?<![\\w$.\\x{80}-\\x{10FFFF}])(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:e[-+]?\\d+)?"
            + "(?![\\w$\\x{80}-\\x{10FFFF}])";
    private static final String COMPARISON = "(?:<=>|<>|!=|<=|>=|=|<|>)";
    /**
     * A comparison with a number written out ({@code code = 0}, {@code 0 < code}, {@code code BETWEEN 1 AND 9},
     * {@code code IN (1, 2)}): the server compares text with a number as numbers, converting the text, which
     * an {@code UPDATE} in strict mode fails on text that is no number ({@code IF(code = 0, 'none', code)}).
     * One with a column or a function that gives a number ({@code code = amount}) takes the types to tell,
     * and is not looked for.
     */
    private static final Pattern COMPARES_WITH_NUMBER = Pattern.compile(COMPARISON + "\\s*[(\\s]*" + NUMBER
            + "|" + NUMBER + "[)\\s]*" + COMPARISON
            + "|(?<![\\w$\\x{80}-\\x{10FFFF}])(?:between\\s+|in\\s*\\(\\s*)" + NUMBER,
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    /**
     * Any comparison of two values: an operator, or a construct that compares ({@code IN}, {@code BETWEEN},
     * {@code CASE x WHEN}, {@code NULLIF}, {@code GREATEST}, {@code LEAST}, {@code FIELD}). Text compared with a
     * number or a date is converted to one ({@code IF(code = amount, ...)}), which a column's type tells, not
     * the expression's words.
     */
    private static final Pattern COMPARES = Pattern.compile(COMPARISON + "|(?<![\\w$\\x{80}-\\x{10FFFF}])(?:in|between|case"
            + "|nullif|greatest|least|field)(?![\\w$\\x{80}-\\x{10FFFF}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    /** A quoted name. */
    private static final Pattern QUOTED_NAME = Pattern.compile("`(?:[^`]|``)+`");

    private Expressions() {
    }

    /**
     * Whether {@code expression} may make a number of text anywhere in it: it computes one ({@link #COMPUTES_NUMBER})
     * or compares with one written out ({@link #COMPARES_WITH_NUMBER}).
     */
    static boolean convertsToNumber(String expression) {
        String text = outsideStringsAndNames(expression);
        return COMPUTES_NUMBER.matcher(text).find() || COMPARES_WITH_NUMBER.matcher(text).find();
    }

    /** Whether {@code expression} compares two values anywhere outside string literals and quoted names ({@link #COMPARES}). */
    static boolean compares(String expression) {
        return COMPARES.matcher(outsideStringsAndNames(expression)).find();
    }

    /** {@code expression} with its string literals and quoted names emptied: what is left are its operators and words. */
    private static String outsideStringsAndNames(String expression) {
        return QUOTED_NAME.matcher(withoutStrings(expression)).replaceAll("``");
    }

    /** The words of {@code expression} outside string literals, as the server reads identifiers. */
    static java.util.List<String> words(String expression) {
        java.util.List<String> words = new java.util.ArrayList<>();
        Matcher m = WORD.matcher(withoutStrings(expression));
        while (m.find()) {
            String word = name(m);
            if (word != null) {
                words.add(word);
            }
        }
        return words;
    }

    /** The name a match of {@link #WORD} is, backquotes undone; null for a number. */
    private static String name(Matcher word) {
        if (word.group(1) != null) {
            return word.group(1).replace("``", "`");
        }
        return word.group(2).chars().allMatch(Character::isDigit) ? null : word.group(2);
    }

    /** The columns of {@code columns} (name -> anything) that {@code expression} names, in table order. */
    static <T> Map<String, T> columnsNamed(String expression, Map<String, T> columns) {
        Set<String> named = new java.util.HashSet<>();
        words(expression).forEach(word -> named.add(word.toLowerCase(Locale.ROOT)));
        Map<String, T> found = new LinkedHashMap<>();
        columns.forEach((name, value) -> {
            if (named.contains(name.toLowerCase(Locale.ROOT))) {
                found.put(name, value);
            }
        });
        return found;
    }

    /** The column a bare expression such as {@code name} or {@code `name`} is, or null when it is more than that. */
    static String bareColumn(String expression) {
        Matcher m = ONE_WORD.matcher(expression);
        if (!m.matches()) {
            return null;
        }
        return m.group(1) != null ? m.group(1).replace("``", "`") : m.group(2);
    }

    /** Whether {@code expression} gives the same value each time for the same row (see {@link #NOT_DETERMINISTIC}). */
    static boolean isDeterministic(String expression) {
        return !NOT_DETERMINISTIC.matcher(withoutStrings(expression)).find();
    }

    /**
     * The subqueries of {@code expression}, each the text inside the parentheses of a {@code (SELECT ...)}
     * (nested ones within their outer one's), string literals emptied.
     */
    static java.util.List<String> subqueries(String expression) {
        String text = withoutStrings(expression);
        java.util.List<String> subqueries = new java.util.ArrayList<>();
        Matcher start = SUBQUERY.matcher(text);
        int from = 0;
        while (start.find(from)) {
            int end = closing(text, start.start());
            subqueries.add(text.substring(start.start() + 1, Math.min(end, text.length())));
            from = Math.min(end + 1, text.length());
        }
        return subqueries;
    }

    /** A table a subquery reads: its database, null where the name is not qualified, and its name. */
    record TableRead(String database, String name) {

        /** The table {@code first} (a database's, or unqualified when {@code second} is null) and {@code second} name. */
        private static TableRead of(String first, String second) {
            return second == null ? new TableRead(null, Identifiers.unquoted(first))
                    : new TableRead(Identifiers.unquoted(first), Identifiers.unquoted(second));
        }
    }

    /** The tables a subquery reads: after FROM and JOIN, and after each comma of a FROM clause (a comma join). */
    static java.util.List<TableRead> tablesRead(String subquery) {
        String text = withoutTimeUnits(subquery);
        java.util.List<TableRead> tables = new java.util.ArrayList<>();
        Matcher m = TABLE_READ.matcher(text);
        while (m.find()) {
            tables.add(TableRead.of(m.group(1), m.group(2)));
            if (m.group().regionMatches(true, 0, "from", 0, 4)) {
                tables.addAll(commaJoined(text, m.end()));
            }
        }
        Matcher derived = FROM_DERIVED.matcher(text);
        while (derived.find()) {
            tables.addAll(commaJoined(text, closing(text, derived.end() - 1) + 1));
        }
        return tables;
    }

    /** Where the parenthesis opened at {@code open} closes; the text's end when it never does. */
    private static int closing(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            depth += text.charAt(i) == '(' ? 1 : text.charAt(i) == ')' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    /**
     * The tables after the commas of the FROM clause whose first table ends at {@code at}: up to the clause's
     * end (WHERE, GROUP BY, ...) or its subquery's closing parenthesis; a comma within parentheses (a
     * derived table, a function in an ON condition) separates no tables.
     */
    private static java.util.List<TableRead> commaJoined(String text, int at) {
        java.util.List<TableRead> tables = new java.util.ArrayList<>();
        Matcher end = FROM_CLAUSE_END.matcher(text).useTransparentBounds(true);
        Matcher table = LEADING_TABLE.matcher(text);
        int depth = 0;
        for (int i = at; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth-- == 0) {
                    break;
                }
            } else if (depth == 0 && c == ',') {
                if (table.region(i + 1, text.length()).lookingAt()) {
                    tables.add(TableRead.of(table.group(1), table.group(2)));
                }
            } else if (depth == 0 && end.region(i, text.length()).lookingAt()) {
                break;
            }
        }
        return tables;
    }

    /** {@code text} with the units of time it uses as such (see {@link #TIME_UNIT_USE}) blanked out. */
    private static String withoutTimeUnits(String text) {
        StringBuilder out = new StringBuilder(text);
        Matcher m = TIME_UNIT_USE.matcher(text);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    for (int i = m.start(g); i < m.end(g); i++) {
                        out.setCharAt(i, ' ');
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * The words of {@code text} that stand alone as a name would: neither qualified ({@code t.c}'s {@code c})
     * nor a qualifier ({@code t}), nor a function called ({@code name(}), nor what follows {@code AS} (an
     * alias, a type), nor the columns of a {@code USING (...)}.
     */
    static java.util.List<String> unqualifiedWords(String text) {
        java.util.List<String> words = new java.util.ArrayList<>();
        String scanned = USING.matcher(withoutTimeUnits(text)).replaceAll(r -> " ".repeat(r.group().length()));
        Matcher m = WORD.matcher(scanned);
        while (m.find()) {
            String word = name(m);
            int before = m.start() - 1;
            while (before >= 0 && Character.isWhitespace(scanned.charAt(before))) {
                before--;
            }
            int after = m.end();
            while (after < scanned.length() && Character.isWhitespace(scanned.charAt(after))) {
                after++;
            }
            char previous = before < 0 ? ' ' : scanned.charAt(before);
            char next = after < scanned.length() ? scanned.charAt(after) : ' ';
            if (word != null && previous != '.' && next != '.' && next != '(' && !isAs(scanned, before)) {
                words.add(word);
            }
        }
        return words;
    }

    /** Whether the word of {@code text} that ends at {@code last} (inclusive) is the keyword {@code AS}. */
    private static boolean isAs(String text, int last) {
        return last >= 1 && text.regionMatches(true, last - 1, "as", 0, 2)
                && (last < 2 || !isNameCharacter(text.charAt(last - 2)));
    }

    /** A character an unquoted name may hold, or a backquote that ends a quoted one. */
    private static boolean isNameCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '`' || c >= 0x80;
    }

    /** {@code expression} with each string literal emptied: what stays is SQL, not text. */
    static String withoutStrings(String expression) {
        return STRING.matcher(expression).replaceAll("''");
    }

    /**
     * What in {@code expression}, outside its string literals and quoted names, keeps Tandem from reading it: a
     * comment ({@code -- }, {@code #}, {@code /* *}{@code /}), which may hide a column, a function or a quote from
     * what reads its words; or a variable ({@code @name}, {@code @@name}), which each session holds its own of.
     * Empty where there is none. Read left to right, as the server reads: a quote in a comment starts no string.
     */
    static Optional<String> unreadable(String expression) {
        int n = expression.length();
        for (int i = 0; i < n; ) {
            char c = expression.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = SqlText.endOfQuoted(expression, i);
            } else if (expression.startsWith("/*", i) || SqlText.isLineComment(expression, i)) {
                return Optional.of("a comment (" + excerpt(expression, i) + ")");
            } else if (c == '@') {
                return Optional.of("the variable " + excerpt(expression, i));
            } else {
                i++;
            }
        }
        return Optional.empty();
    }

    /** {@code text} from {@code start} to the end of its line, at most 40 characters. */
    private static String excerpt(String text, int start) {
        int end = text.indexOf('\n', start);
        String rest = text.substring(start, end < 0 ? text.length() : end).strip();
        return rest.length() > 40 ? rest.substring(0, 40) + "..." : rest;
    }

    /**
     * Whether {@code expression} names a column as {@code table.column} (or {@code `table`.column}): the sync triggers
     * see the row's columns, not the table, and a name so qualified fails in them, every write with it.
     */
    static boolean qualifiedBy(String expression, String table) {
        String name = "(?:`" + Pattern.quote(table.replace("`", "``")) + "`|" + Pattern.quote(table) + ")";
        return Pattern.compile("(?<![\\w$\\x{80}-\\x{10FFFF}`.])" + name + "\\s*\\.\\s*[`\\w$\\x{80}-\\x{10FFFF}]",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS).matcher(withoutStrings(expression)).find();
    }
}
