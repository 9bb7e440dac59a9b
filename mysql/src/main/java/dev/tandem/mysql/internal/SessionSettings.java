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
    /** A query that keeps what it read in a user variable: {@code SELECT MAX(id) INTO @max FROM t}, {@code SELECT @m := MAX(id) ...}. */
    private static final Pattern SELECT_INTO_A_VARIABLE = Pattern.compile(
            "(?is)^(?:SELECT|WITH)\\b.*(?:\\bINTO\\s+@|@[\\w$.`'\"]+\\s*:=).*");
    /** Functions whose value a new session of the same account and schema gives alike: no value of a time. */
    private static final Pattern SAME_IN_EVERY_SESSION = Pattern.compile("(?i)\\b(?:database|schema|version|current_user|"
            + "session_user|system_user|user|current_role)\\s*\\(\\s*\\)");
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

    /**
     * Whether {@code sql}, one statement, keeps for the rest of its session a value that running it again on
     * another session would not give: a setting from the clock, a random value or other rows
     * ({@code SET @cutoff = UTC_TIMESTAMP()}, {@code SET @max = (SELECT MAX(id) FROM t)}), or what a query read
     * into a user variable, which {@link #holdsForTheSession} does not set again at all.
     */
    static boolean keepsAValueOfItsOwnTime(String sql) {
        String statement = sql.strip();
        return holdsForTheSession(statement)
                && !Expressions.isDeterministic(SAME_IN_EVERY_SESSION.matcher(statement).replaceAll("''"))
                || SELECT_INTO_A_VARIABLE.matcher(statement).matches();
    }
}
