package dev.tandem.mysql.internal.move;

import dev.tandem.mysql.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a server read-only for applications, ends their sessions, and makes it writable again; each call is
 * idempotent. MySQL has {@code super_read_only}, which binds administrators (SUPER, CONNECTION_ADMIN) too,
 * so nothing but the replication applier writes; it is used where it exists. MariaDB has only
 * {@code read_only}: from 11.0 it binds every account without the {@code READ ONLY ADMIN} privilege (which
 * {@code ALL PRIVILEGES} includes, and SUPER no longer does); in 10.x, SUPER passes too. An application
 * account must therefore not hold those. Setting it waits for running transactions' commits and locks, at
 * most {@code lockWait}. Needs {@code SYSTEM_VARIABLES_ADMIN} or {@code SUPER} (MySQL), {@code READ ONLY
 * ADMIN} or {@code SUPER} (MariaDB), and {@code CONNECTION_ADMIN} / {@code CONNECTION ADMIN} or SUPER to
 * end other accounts' sessions.
 */
public final class ReadOnlySwitch {

    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlySwitch.class);
    /** The commands of a source's replication threads: a replica reading the binary log is no application. */
    private static final Set<String> REPLICATION_COMMANDS = Set.of("binlog dump", "binlog dump gtid", "slave_io", "slave_sql",
            "slave_worker", "connect");

    /** The users the server's own threads show in the process list. */
    private static final Set<String> SERVER_USERS = Set.of("system user", "event_scheduler", "unauthenticated user");

    /** A session of an application account. */
    public record Session(long id, String user, String host, String command, long seconds) {
    }

    /** ER_SPECIFIC_ACCESS_DENIED_ERROR: the account may set the variable, not persist it (a managed server). */
    private static final int ACCESS_DENIED = 1227;

    private final DataSource server;
    private final Duration lockWait;

    /** The switch of the server {@code server} gives administrative connections to. */
    public ReadOnlySwitch(DataSource server, Duration lockWait) {
        this.server = server;
        this.lockWait = lockWait;
    }

    /**
     * Makes the server read-only: {@code super_read_only} where it exists, else {@code read_only}. On MySQL
     * the setting is persisted ({@code SET PERSIST}), so that the old server of a move, restarted, still
     * refuses the writes of a client that missed the switch (which would be lost there); MariaDB has no way
     * to persist it, so it is said to the user to do.
     */
    public void readOnly() throws SQLException {
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET SESSION lock_wait_timeout = " + Math.max(1, lockWait.toSeconds()));
            if (!ServerFacts.of(c).hasSuperReadOnly()) {
                s.execute("SET GLOBAL read_only = ON");
                LOG.warn("Server made read-only until it restarts: MariaDB forgets read_only at a restart, and a client that"
                        + " missed the switch could then write to it, its writes never reaching the new server. Add"
                        + " read_only=ON to its configuration file");
                return;
            }
            try {
                s.execute("SET PERSIST super_read_only = ON");
            } catch (SQLException e) {
                if (e.getErrorCode() != ACCESS_DENIED) {
                    throw e;
                }
                s.execute("SET GLOBAL super_read_only = ON");
                LOG.warn("Server made read-only until it restarts: it refused to persist super_read_only ({}). Add"
                        + " super_read_only=ON to its configuration file", e.getMessage());
                return;
            }
        }
        LOG.info("Server made read-only, persisted across restarts");
    }

    /**
     * Makes the server writable again, and forgets a persisted read-only ({@link #readOnly}). A server that
     * is writable already is left as it is: the new server of a cut-over usually is, and a managed one (RDS,
     * Aurora), whose account may not set either variable, always is.
     */
    public void writable() throws SQLException {
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            ServerFacts facts = ServerFacts.of(c);
            boolean mySql = facts.hasSuperReadOnly();
            if (!facts.readOnly()) {
                LOG.debug("Server writable already");
                return;
            }
            if (mySql) {
                s.execute("SET GLOBAL super_read_only = OFF");
            }
            s.execute("SET GLOBAL read_only = OFF");
            if (mySql) {
                try {
                    s.execute("RESET PERSIST IF EXISTS super_read_only");
                } catch (SQLException e) {
                    LOG.warn("Server made writable, but a persisted super_read_only could not be forgotten ({}): it would be"
                            + " read-only again after a restart. Run RESET PERSIST super_read_only on it", e.getMessage());
                }
            }
        }
        LOG.info("Server made writable");
    }

    /**
     * The global privileges whose holder writes through the read-only this switch sets on a server with
     * {@code facts}: none on MySQL ({@code super_read_only} binds every account); on MariaDB {@code READ ONLY
     * ADMIN} ({@code ALL PRIVILEGES} includes it), and before 11.0 {@code SUPER} too (MDEV-29596), spelt as
     * {@code GRANT} takes them.
     */
    static List<String> privilegesWritingThrough(ServerFacts facts) {
        if (facts.hasSuperReadOnly()) {
            return List.of();
        }
        String readOnly = MovePrivileges.of(true).readOnly();
        return facts.atLeast(11, 0, 0) ? List.of(readOnly) : List.of(readOnly, "SUPER");
    }

    /** Whether applications cannot write: {@code super_read_only} where it exists, else {@code read_only}. */
    public boolean isReadOnly() throws SQLException {
        try (Connection c = server.getConnection()) {
            ServerFacts facts = ServerFacts.of(c);
            return ServerFacts.on(facts.variable(facts.hasSuperReadOnly() ? "super_read_only" : "read_only"));
        }
    }

    /**
     * The command a session shows from its KILL until it is gone (MariaDB lists it a moment longer): it is
     * ending, its transaction rolling back, and no statement of it runs again.
     */
    private static final String KILLED = "killed";

    /**
     * The sessions of {@code users} (account names), but for replication threads, sessions already ended
     * ({@link #KILLED}) and the asking connection.
     */
    public List<Session> sessions(Set<String> users) throws SQLException {
        try (Connection c = server.getConnection()) {
            return sessions(c, users);
        }
    }

    /** As {@link #sessions(Set)}, on {@code c}; every client's (the server's own threads aside) when {@code users} is null. */
    static List<Session> sessions(Connection c, Set<String> users) throws SQLException {
        List<Session> sessions = new ArrayList<>();
        for (List<String> row : Jdbc.rows(c, "SELECT id, user, host, command, COALESCE(time, 0)"
                + " FROM information_schema.processlist WHERE id <> CONNECTION_ID()")) {
            if ((users == null ? !SERVER_USERS.contains(row.get(1)) : users.contains(row.get(1)))
                    && !REPLICATION_COMMANDS.contains(row.get(3).toLowerCase(java.util.Locale.ROOT))
                    && !KILLED.equalsIgnoreCase(row.get(3))) {
                sessions.add(new Session(Long.parseLong(row.get(0)), row.get(1), row.get(2), row.get(3),
                        Long.parseLong(row.get(4))));
            }
        }
        return sessions;
    }

    /**
     * Ends every session of {@code users} (their running statement and open transaction roll back); returns
     * those it ended. A session that ended by itself meanwhile is no error.
     */
    public List<Session> killSessions(Set<String> users) throws SQLException {
        return kill(users);
    }

    /**
     * Ends every client session but the caller's and replication's, of any user: after a cut-over no client
     * may keep a transaction open on the old server. Returns those it ended; one the account may not end (on
     * MySQL an administrator's, whose account has SYSTEM_USER) is left, with a WARN.
     */
    public List<Session> killClientSessions() throws SQLException {
        return kill(null);
    }

    /** Ends the sessions of {@code users}, or of every client when null. */
    private List<Session> kill(Set<String> users) throws SQLException {
        List<Session> killed = new ArrayList<>();
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            for (Session session : sessions(c, users)) {
                try {
                    s.execute("KILL " + session.id());
                    killed.add(session);
                } catch (SQLException e) {
                    if (e.getErrorCode() == NOT_OWNER) {
                        LOG.warn("Session {} of '{}' from {} was not ended: this account may not end it ({}; on MySQL only an"
                                + " account with SYSTEM_USER ends the session of one that has it, an administrator's). Read-only"
                                + " stops its writes all the same unless its account writes through it", session.id(),
                                session.user(), session.host(), e.getMessage());
                    } else if (e.getErrorCode() != UNKNOWN_THREAD) {
                        throw e;
                    }
                }
            }
        }
        if (!killed.isEmpty()) {
            LOG.info("Ended {} application session(s) of {}", killed.size(),
                    killed.stream().map(Session::user).distinct().sorted().toList());
        }
        return killed;
    }

    /** Error 1094, ER_NO_SUCH_THREAD: the session ended before KILL reached it. */
    private static final int UNKNOWN_THREAD = 1094;
    /** Error 1095, ER_KILL_DENIED_ERROR: the account may not end that session (MySQL: it is a SYSTEM_USER's). */
    private static final int NOT_OWNER = 1095;
}
