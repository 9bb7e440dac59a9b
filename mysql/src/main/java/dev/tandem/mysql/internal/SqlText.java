package dev.tandem.mysql.internal;

/**
 * SQL text read left to right as the server reads it, for the rules that look for words in it: what is a string
 * literal, a quoted name or a comment. A quote inside a comment starts no string, and a comment's words are no SQL,
 * but an executable comment's ({@code /*!80023 ...}, MariaDB's {@code /*M!...}) are: the server runs them.
 */
final class SqlText {

    private SqlText() {
    }

    /**
     * {@code sql} without its comments, each string literal emptied ({@code ''}); quoted names and executable
     * comments' contents kept as they are.
     */
    static String code(String sql) {
        StringBuilder code = new StringBuilder(sql.length());
        int n = sql.length();
        for (int i = 0; i < n; ) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                code.append("''");
                i = endOfQuoted(sql, i);
            } else if (c == '`') {
                int end = endOfQuoted(sql, i);
                code.append(sql, i, end);
                i = end;
            } else if (sql.startsWith("/*!", i) || sql.startsWith("/*M!", i)) {
                i += sql.charAt(i + 2) == 'M' ? 4 : 3;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                code.append(' ');
            } else if (sql.startsWith("*/", i)) {
                code.append(' '); // the end of an executable comment: a plain one is skipped whole below
                i += 2;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                code.append(' ');
            } else if (isLineComment(sql, i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    /** Whether a comment to the end of the line begins at {@code i}: {@code #}, or {@code --} and a space or control. */
    static boolean isLineComment(String sql, int i) {
        return sql.charAt(i) == '#' || sql.startsWith("--", i) && (i + 2 == sql.length()
                || Character.isWhitespace(sql.charAt(i + 2)) || Character.isISOControl(sql.charAt(i + 2)));
    }

    /**
     * Where the string or quoted name that begins at {@code start} ends: past its closing quote, or at the end. A
     * doubled quote is one inside it, and in a string a backslash escapes the character after it.
     */
    static int endOfQuoted(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i + 1;
                }
            }
        }
        return text.length();
    }
}
