package dev.tandem.mysql.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which statements of a script set something that holds for the rest of its session: {@code SET} of a
 * session or user variable ({@code SET @batch = 500}, {@code SET SESSION sql_mode = ''},
 * {@code SET time_zone = '+00:00'}), {@code SET NAMES}, {@code SET CHARACTER SET}, {@code SET ROLE}. A phase
 * resumed in a new session runs them again before its next step, as its statements were written to find
 * them. Not those that change the server or an account ({@code SET GLOBAL}, {@code SET PERSIST},
 * {@code SET PASSWORD}, {@code SET DEFAULT ROLE}), which outlived the session anyway, nor those that hold for
 * one transaction or statement only ({@code SET TRANSACTION}, MariaDB's {@code SET STATEMENT ... FOR}).
 */
final class SessionSettings {

    private static final Pattern SET = Pattern.compile("(?is)^SET\\s.*");
    /** What follows {@code SET} in a statement that does not set the session. */
    private static final Pattern NOT_THE_SESSION = Pattern.compile(
            "(?is)^SET\\s+(GLOBAL|PERSIST|PERSIST_ONLY|PASSWORD|DEFAULT\\s+ROLE|TRANSACTION|STATEMENT)\\b.*");
    /** A server's variable set in a list after a session's: {@code SET @a = 1, GLOBAL x = 2}. */
    private static final Pattern SERVER_IN_A_LIST = Pattern.compile("(?is).*,\\s*(GLOBAL|PERSIST|PERSIST_ONLY)\\s.*");

    private SessionSettings() {
    }

    /** Whether {@code sql}, one statement, sets something for the rest of its session only. */
    static boolean holdsForTheSession(String sql) {
        String statement = sql.strip();
        String lower = statement.toLowerCase(Locale.ROOT);
        return SET.matcher(statement).matches() && !NOT_THE_SESSION.matcher(statement).matches()
                && !SERVER_IN_A_LIST.matcher(statement).matches() && !lower.contains("@@global.") && !lower.contains("@@persist");
    }
}
