package dev.tandem.mysql.internal;

import dev.tandem.spi.DdlPolicy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs statements so that a migration never stalls the application:
 * <ul>
 *   <li>the session waits at most {@link DdlPolicy#lockWaitTimeout()} for any lock (the default is a
 *       year): a DDL queued for its metadata lock holds every later query on the table behind it;</li>
 *   <li>lock-wait timeouts and deadlocks are retried with capped, jittered exponential backoff within
 *       {@link DdlPolicy#retryBudget()}, each attempt logged with the sessions that block it;</li>
 *   <li>an ALTER TABLE without its own ALGORITHM or LOCK clause is tried as {@code ALGORITHM=INSTANT},
 *       then {@code ALGORITHM=INPLACE, LOCK=NONE}; CREATE INDEX as {@code ALGORITHM=INPLACE LOCK=NONE}.
 *       The server decides: when it refuses both, the statement would copy the table or block writes,
 *       and it is refused unless the script says so itself (an explicit ALGORITHM or LOCK clause);</li>
 *   <li>a statement that will hold a big table while InnoDB empties the table's part of its adaptive hash
 *       index is told at WARN first ({@link HashIndexStall}).</li>
 * </ul>
 */
final class OnlineDdl {

    private static final Logger LOG = LoggerFactory.getLogger(OnlineDdl.class);

    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DEADLOCK = 1213;
    /** ER_ALTER_OPERATION_NOT_SUPPORTED, _REASON, _REASON_COPY, _REASON_FK_CHECK (MariaDB: needs foreign_key_checks=OFF). */
    private static final List<Integer> NOT_SUPPORTED = List.of(1845, 1846, 1847, 1851);
    /** MySQL's ER_INNODB_MAX_ROW_VERSION: 64 instant column changes since the last rebuild. */
    private static final int MAX_ROW_VERSIONS = 4092;
    /** The limit of instant ADD/DROP COLUMN per table in MySQL 8.0.29+, before a rebuild resets it. */
    static final int ROW_VERSION_LIMIT = 64;
    private static final long MAX_BACKOFF_MS = 10_000;
    private static final long FIRST_BACKOFF_MS = 200;

    private static final Pattern ALTER_TABLE = Pattern.compile(
            "^\\s*ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+" + Identifiers.WRITTEN_NAME,
            Pattern.CASE_INSENSITIVE);
    /**
     * CREATE INDEX takes ALGORITHM/LOCK on both servers; MariaDB's DROP INDEX ... ON does not (use ALTER TABLE). A
     * FULLTEXT or SPATIAL one too, which the server then refuses: it cannot be built without blocking writes.
     */
    private static final Pattern INDEX_DDL = Pattern.compile("^\\s*CREATE\\s+(?:(?:UNIQUE|FULLTEXT|SPATIAL)\\s+)?INDEX\\b",
            Pattern.CASE_INSENSITIVE);
    /** A line that may end in a comment ({@code -- wider}, {@code # wider}), or holds those characters in a string. */
    private static final Pattern MAY_END_IN_A_COMMENT = Pattern.compile("(?:--|#)[^\\n]*$");
    private static final Pattern EXPLICIT_CLAUSE = Pattern.compile("\\b(?:ALGORITHM|LOCK)\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern INSTANT_COLUMN_CHANGE = Pattern.compile("\\b(?:ADD|DROP)\\s+(?:COLUMN\\b|(?!INDEX|KEY|"
            + "CONSTRAINT|PRIMARY|UNIQUE|FOREIGN|FULLTEXT|SPATIAL|CHECK|PARTITION)\\w)", Pattern.CASE_INSENSITIVE);

    private final Connection connection;
    private final DdlPolicy policy;
    private final HashIndexStall hashIndexStall;

    OnlineDdl(Connection connection, DdlPolicy policy) throws SQLException {
        this.connection = connection;
        this.policy = policy;
        this.hashIndexStall = new HashIndexStall(connection);
        long seconds = Math.max(1, policy.lockWaitTimeout().toSeconds());
        try (Statement s = connection.createStatement()) {
            s.execute("SET SESSION lock_wait_timeout = " + seconds + ", innodb_lock_wait_timeout = " + seconds);
        }
    }

    /** Executes {@code sql} under the rules above. */
    void execute(String sql) throws SQLException {
        hashIndexStall.beforeDdl(sql);
        List<String> variants = variants(sql);
        SQLException refused = null;
        for (String variant : variants) {
            try {
                executeWithRetries(variant);
                if (refused != null) {
                    // What the server ran may take longer than what it refused (INPLACE may rebuild the table).
                    LOG.info("Ran as '{}' (the server cannot run it as asked first: {})", abbreviate(variant), refused.getMessage());
                }
                return;
            } catch (SQLException e) {
                if (!isNotSupported(e)) {
                    throw e;
                }
                LOG.debug("The server refused '{}': {}", abbreviate(variant), e.getMessage());
                refused = e;
            }
        }
        throw new SQLException("Refused: '" + abbreviate(sql) + "' would copy the table or block writes (the server said: "
                + refused.getMessage() + "). Tandem runs DDL only with ALGORITHM=INSTANT or ALGORITHM=INPLACE, LOCK=NONE,"
                + " so the application never stops. Do the change another way (e.g. a new column with a backfill, swapped"
                + " at contract), or accept the blocking by writing ALGORITHM=COPY or a LOCK clause in the statement"
                + " yourself.", refused.getSQLState(), refused.getErrorCode(), refused);
    }

    /** How {@link #execute} treats a statement. */
    private enum Form { ALTER, INDEX, AS_WRITTEN }

    private static Form form(String body) {
        // In the statement's code only: "-- no ALGORITHM= needed" or a COMMENT 'lock=...' chose nothing.
        if (EXPLICIT_CLAUSE.matcher(SqlText.code(body)).find()) {
            return Form.AS_WRITTEN; // the script chose; lint warns about blocking choices
        }
        if (ALTER_TABLE.matcher(body).find()) {
            return Form.ALTER;
        }
        return INDEX_DDL.matcher(body).find() ? Form.INDEX : Form.AS_WRITTEN;
    }

    /** What {@link #execute} will add to {@code sql}, for the reader of a dry run; null when it runs as written. */
    static String runtimeNote(String sql) {
        return switch (form(stripTrailingSemicolon(sql))) {
            case ALTER -> "runs as ALGORITHM=INSTANT if the server can, else ALGORITHM=INPLACE, LOCK=NONE;"
                    + " refused if it would copy the table";
            case INDEX -> "runs as ALGORITHM=INPLACE LOCK=NONE";
            case AS_WRITTEN -> null;
        };
    }

    /** The forms to try, in order: the online ones the server may accept, or the statement as written. */
    private List<String> variants(String sql) throws SQLException {
        String body = stripTrailingSemicolon(sql);
        switch (form(body)) {
            case ALTER -> {
                Matcher alter = ALTER_TABLE.matcher(body);
                alter.find();
                List<String> variants = new ArrayList<>();
                if (!INSTANT_COLUMN_CHANGE.matcher(body).find() || rowVersionsLeft(alter.group(1))) {
                    variants.add(withClause(body, ", ALGORITHM=INSTANT"));
                }
                variants.add(withClause(body, ", ALGORITHM=INPLACE, LOCK=NONE"));
                return variants;
            }
            case INDEX -> {
                return List.of(withClause(body, " ALGORITHM=INPLACE LOCK=NONE"));
            }
            default -> {
                return List.of(sql);
            }
        }
    }

    /**
     * {@code body} and {@code clause} after it, on a line of its own where the last line may end in a comment: on
     * that line, the clause would have been part of the comment, and the statement run as the server chose.
     */
    static String withClause(String body, String clause) {
        return body + (MAY_END_IN_A_COMMENT.matcher(body).find() ? "\n" : "") + clause;
    }

    /**
     * MySQL 8.0.29+ allows 64 instant column additions and drops per table until it is rebuilt.
     * At the limit the instant attempt is skipped and INPLACE (which rebuilds, resetting the count) is
     * used, saying so. Where no count shows (MariaDB has no such limit), INSTANT is tried.
     */
    private boolean rowVersionsLeft(String table) {
        if (new SchemaInspector(connection).rowVersions(table).orElse(0) >= ROW_VERSION_LIMIT) {
            LOG.warn("Table {} has used all {} instant row versions: this change rebuilds it online"
                    + " (ALGORITHM=INPLACE, LOCK=NONE), which takes longer but resets the count", table, ROW_VERSION_LIMIT);
            return false;
        }
        return true;
    }

    private void executeWithRetries(String sql) throws SQLException {
        long deadline = System.nanoTime() + policy.retryBudget().toNanos();
        for (int attempt = 1; ; attempt++) {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
                if (attempt > 1) {
                    LOG.info("'{}' succeeded at attempt {}", abbreviate(sql), attempt);
                }
                return;
            } catch (SQLException e) {
                if (!isLockConflict(e)) {
                    throw e;
                }
                long backoff = backoffMillis(attempt);
                if (System.nanoTime() + backoff * 1_000_000 > deadline) {
                    throw new SQLException("Gave up on '" + abbreviate(sql) + "' after " + attempt + " attempts within the"
                            + " retry budget of " + policy.retryBudget().toSeconds() + " s; blocked by: " + blockers()
                            + ". Last error: " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
                }
                LOG.warn("'{}' {} (attempt {}); retrying in {} ms. Blocked by: {}", abbreviate(sql),
                        e.getErrorCode() == DEADLOCK ? "hit a deadlock" : "waited " + policy.lockWaitTimeout().toSeconds()
                                + " s for a lock", attempt, backoff, blockers());
                sleep(backoff);
            }
        }
    }

    /** Whether {@code e} says a lock wait timed out or a deadlock chose this statement: worth trying again. */
    static boolean isLockConflict(SQLException e) {
        return e.getErrorCode() == LOCK_WAIT_TIMEOUT || e.getErrorCode() == DEADLOCK;
    }

    /** 200 ms doubling up to 10 s, each drawn between half and all of it, so nodes do not retry in step. */
    static long backoffMillis(int attempt) {
        return backoffMillis(FIRST_BACKOFF_MS, attempt);
    }

    /** {@code first} ms doubling up to 10 s, each drawn between half and all of it. */
    static long backoffMillis(long first, int attempt) {
        long ceiling = Math.min(MAX_BACKOFF_MS, first << Math.min(attempt - 1, 16));
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }

    /**
     * Who may be in the way, as far as the server tells: open transactions (they hold metadata locks
     * until they end) and, where performance_schema records them, metadata-lock owners.
     */
    private String blockers() {
        List<String> found = new ArrayList<>();
        query("SELECT t.trx_mysql_thread_id, TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), p.user, p.host, p.command,"
                + " LEFT(COALESCE(t.trx_query, p.info, ''), 120) FROM information_schema.innodb_trx t"
                + " LEFT JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id"
                + " WHERE t.trx_mysql_thread_id <> CONNECTION_ID() ORDER BY t.trx_started LIMIT 5", rs ->
                found.add("transaction of connection " + rs.getLong(1) + " (" + rs.getString(3) + "@" + rs.getString(4)
                        + ", open " + rs.getLong(2) + " s, " + rs.getString(5)
                        + (rs.getString(6).isEmpty() ? "" : ", last: " + rs.getString(6)) + ")"));
        query("SELECT t.processlist_id, m.object_name, m.lock_type FROM performance_schema.metadata_locks m"
                + " JOIN performance_schema.threads t ON t.thread_id = m.owner_thread_id"
                + " WHERE m.object_schema = DATABASE() AND m.lock_status = 'GRANTED'"
                + " AND t.processlist_id <> CONNECTION_ID() AND m.object_type = 'TABLE' LIMIT 10", rs ->
                found.add("metadata lock " + rs.getString(3) + " on " + rs.getString(2) + " held by connection " + rs.getLong(1)));
        return found.isEmpty() ? "no session the server reports" : String.join("; ", found);
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowHandler handler) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                handler.row(rs);
            }
        } catch (SQLException e) {
            LOG.debug("Diagnostic query unavailable ({}): {}", e.getMessage(), sql);
        }
    }

    /** Whether the server refused {@code e}'s statement for the algorithm or lock it asked for (or would take). */
    static boolean isNotSupported(SQLException e) {
        return NOT_SUPPORTED.contains(e.getErrorCode())
                || (e.getErrorCode() == MAX_ROW_VERSIONS && e.getMessage().toLowerCase(Locale.ROOT).contains("row versions"));
    }

    private static String stripTrailingSemicolon(String sql) {
        String s = sql.strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    }

    static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }

    static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting to retry", e);
        }
    }
}
