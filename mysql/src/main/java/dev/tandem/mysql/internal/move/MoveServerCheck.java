package dev.tandem.mysql.internal.move;

import dev.tandem.MoveProblem;
import dev.tandem.mysql.internal.Jdbc;
import dev.tandem.mysql.internal.TableStatistics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The checks before a move, of its source and its target, without side effects: the direction between
 * their versions ({@link MoveDirection}), both ways, since the old server replicates from the new one after
 * the cut-over; the binary log each needs (the source's for the forward
 * replication, the target's for the one back); distinct, non-zero server ids; how long the source keeps its
 * binary log; the privileges of the accounts the move connects with on each side; and the target's
 * database: empty for a copy (or holding an interrupted copy, which resumes), holding the source's tables
 * when a target that already replicates is adopted; no Tandem migration between its expand and its contract; and
 * the settings new sessions take alike on both ({@link ServerFacts#SESSION_DEFAULTS}).
 * Each problem names the server, what is wrong and the fix.
 * Both data sources give connections whose default database is the moved one (source) and the one moved into
 * (target).
 */
public final class MoveServerCheck {

    /** A day: binary logs kept for less may be gone before a large copy ends and replication reads them. */
    static final long SHORT_RETENTION_SECONDS = 86_400;
    /** The most of Tandem's objects a problem names: enough to recognize the migration. */
    private static final int SHOWN_OBJECTS = 4;

    /** How the target gets the data. */
    public enum Mode {
        /** By {@link SnapshotCopy} into an empty database. */
        COPY,
        /** Already there: the target replicates from the source, set up by hand, and has its tables. */
        ADOPT
    }

    private MoveServerCheck() {
    }

    /** Every problem found; empty when the move may begin. */
    public static List<MoveProblem> check(DataSource source, DataSource target, Mode mode) throws SQLException {
        try (Connection s = source.getConnection(); Connection t = target.getConnection()) {
            ServerFacts sourceFacts = ServerFacts.of(s);
            ServerFacts targetFacts = ServerFacts.of(t);
            List<MoveProblem> problems = new ArrayList<>();
            Optional<MoveProblem> direction = MoveDirection.check(sourceFacts, targetFacts);
            direction.ifPresent(problems::add);
            if (direction.filter(p -> p.severity() == MoveProblem.Severity.ERROR).isEmpty()) {
                // The replication back, from the cut-over on, runs the other way: to an older server after an upgrade.
                MoveDirection.checkBack(targetFacts, sourceFacts).ifPresent(problems::add);
            }
            binaryLogs(sourceFacts, targetFacts, problems);
            privileges(GrantedPrivileges.of(s), GrantedPrivileges.of(t), sourceFacts.mariaDb(),
                    ReplicationProcedures.of(t).isPresent(), mode, problems);
            targetMadeWritable(GrantedPrivileges.of(t), targetFacts, problems);
            database(s, t, mode, problems);
            migrationsUnderWay(s, t, problems);
            accountsWritingThroughReadOnly(s, sourceFacts, problems);
            sessionDefaults(sourceFacts, targetFacts, problems);
            return problems;
        }
    }

    /**
     * A setting new sessions take that the target has otherwise: after the switch the application's sessions
     * take the target's, and NOW() written into a DATETIME moves by the zones' difference, a value strict mode
     * refused is truncated, ids are spaced otherwise, a table named in another case is not found.
     */
    private static void sessionDefaults(ServerFacts source, ServerFacts target, List<MoveProblem> problems) {
        for (String name : ServerFacts.SESSION_DEFAULTS) {
            String was = source.sessionDefault(name);
            String is = target.sessionDefault(name);
            if (was != null && is != null && !was.equals(is)) {
                problems.add(MoveProblem.warning("target", name + " is " + is + " on the target and " + was + " on the source:"
                        + " after the cut-over the application's sessions take the target's, and what they compute or find"
                        + " changes without an error.", "give the target the source's " + name + " in its configuration"
                        + " (SET GLOBAL " + name + " too, where the server takes it while running) before the cut-over"));
            }
        }
    }

    private static void binaryLogs(ServerFacts source, ServerFacts target, List<MoveProblem> problems) {
        if (!source.binaryLog()) {
            problems.add(MoveProblem.error("source", "the binary log is off (log_bin=OFF): nothing can replicate from it.",
                    "restart the source with log_bin and binlog_format=ROW"));
        } else if (!"ROW".equalsIgnoreCase(source.variable("binlog_format"))) {
            problems.add(MoveProblem.error("source", "binlog_format is " + source.variable("binlog_format") + ", not ROW.",
                    "SET GLOBAL binlog_format = 'ROW' and set it in the configuration; sessions keep the format they began"
                    + " with, so restart the application's connections (or the application) afterwards"));
        }
        if (source.binaryLog() && !"FULL".equalsIgnoreCase(source.variable("binlog_row_image"))) {
            problems.add(MoveProblem.warning("source", "binlog_row_image is " + source.variable("binlog_row_image")
                    + ": the replica finds a row of a table without a primary key only by its full image.",
                    "SET GLOBAL binlog_row_image = 'FULL' (and in the configuration), or give every table a primary key"));
        }
        source.binaryLogRetentionSeconds().filter(seconds -> seconds < SHORT_RETENTION_SECONDS).ifPresent(seconds ->
                problems.add(MoveProblem.warning("source", "the binary log is kept for only " + seconds + " s: a copy that"
                        + " takes longer loses the position replication must start from.", "SET GLOBAL"
                        + " binlog_expire_logs_seconds to more than the copy will take (a day or more); on RDS: CALL"
                        + " mysql.rds_set_configuration('binlog retention hours', 24)")));
        if (source.serverId() == 0 || target.serverId() == 0) {
            problems.add(MoveProblem.error(source.serverId() == 0 ? "source" : "target", "server_id is 0: a server with"
                    + " id 0 neither replicates nor is replicated from.", "SET GLOBAL server_id to a number unique among"
                    + " your servers (and in the configuration)"));
        } else if (source.serverId() == target.serverId()) {
            problems.add(MoveProblem.error("target", "both servers have server_id " + source.serverId() + ": a replica"
                    + " skips events of its own id, so it would apply none.", "give the target another server_id"));
        }
        gtidModes(source, target).ifPresent(problems::add);
        if (!target.binaryLog() || !"ROW".equalsIgnoreCase(target.variable("binlog_format"))) {
            problems.add(MoveProblem.warning("target", "the target writes no row-based binary log: after the cut-over"
                    + " nothing replicates back, so there is no way back without losing the writes made since.",
                    "start the target with log_bin and binlog_format=ROW"));
        }
    }

    /**
     * MySQL's GTID modes of the two servers, where one is ON and the other OFF: a replica ON refuses a source's
     * transactions without GTIDs, one OFF refuses those with, and the receiver would stop as soon as the copy
     * was done (replication runs both ways in a move: to the target, and back after the cut-over). The
     * permissive modes in between take both. MariaDB has no such mode.
     */
    static Optional<MoveProblem> gtidModes(ServerFacts source, ServerFacts target) {
        String from = source.variable("gtid_mode");
        String to = target.variable("gtid_mode");
        boolean apart = from != null && to != null && (from.equalsIgnoreCase("ON") && to.equalsIgnoreCase("OFF")
                || from.equalsIgnoreCase("OFF") && to.equalsIgnoreCase("ON"));
        if (!apart) {
            return Optional.empty();
        }
        return Optional.of(MoveProblem.error("target", "gtid_mode is " + to + " on the target and " + from + " on the"
                + " source: a server with GTIDs on and one with them off refuse each other's transactions, so replication"
                + " would stop once the copy is done.", "bring both to the same gtid_mode, one step at a time"
                + " (OFF_PERMISSIVE, ON_PERMISSIVE, ON: SET PERSIST gtid_mode on each), before prepare"));
    }

    /**
     * A managed target ({@code targetManaged}: RDS, Aurora) replicates through its procedures, which
     * information_schema shows only to an account with a privilege on them, instead of statements that need
     * the replication administration privilege its master user is not given.
     */
    private static void privileges(GrantedPrivileges source, GrantedPrivileges target, boolean mariaDb,
                                   boolean targetManaged, Mode mode, List<MoveProblem> problems) {
        String roles = " (privileges through a role are not seen here)";
        if (mode == Mode.COPY) {
            need(problems, "source", source.onDatabase("SELECT"), "SELECT on the database, to copy it", "GRANT SELECT");
            need(problems, "source", source.anyGlobal("RELOAD"), "RELOAD, for the copy's brief global read lock"
                    + " (FLUSH TABLES WITH READ LOCK)" + roles, "GRANT RELOAD ON *.*");
            for (String p : List.of("CREATE", "INSERT", "DROP", "ALTER", "SELECT", "UPDATE", "DELETE", "INDEX", "REFERENCES")) {
                need(problems, "target", target.onDatabase(p), p + " on the database, to create and fill the copy" + roles,
                        "GRANT " + p + " ON <database>.*");
            }
        }
        // Both servers' positions and replication status are read at each cut-over, after the source refused writes.
        MovePrivileges names = MovePrivileges.of(mariaDb);
        need(problems, "source", source.anyGlobal(names.position(), "SUPER"), names.position() + ", to read the binary log"
                + " position" + roles, "GRANT " + names.position() + " ON *.*");
        need(problems, "target", target.anyGlobal(names.position(), "SUPER"), names.position() + ", to read the binary log"
                + " position the replication back starts from at the cut-over" + roles, "GRANT " + names.position() + " ON *.*");
        List<String> sides = targetManaged ? List.of("source") : List.of("source", "target");
        if (!names.replicaStatus().equals(names.position())) {
            for (String side : sides) {
                // MariaDB's older name for it is SLAVE MONITOR.
                need(problems, side, (side.equals("source") ? source : target).anyGlobal(names.replicaStatus(),
                        "SLAVE MONITOR", "SUPER"), names.replicaStatus() + ", to read replication's status on the " + side
                        + roles, "GRANT " + names.replicaStatus() + " ON *.*");
            }
        }
        need(problems, "source", source.anyGlobal(names.readOnly(), "SUPER"),
                "the privilege to make the source read-only at the cut-over" + roles, "GRANT " + names.readOnly() + " ON *.*");
        need(problems, "source", source.anyGlobal(names.endSessions(), "SUPER"),
                "the privilege to end the application's sessions at the cut-over" + roles,
                "GRANT " + names.endSessions() + " ON *.*");
        need(problems, "source", source.anyGlobal("PROCESS"), "PROCESS, to see the application's sessions it ends at the"
                + " cut-over (without it the server lists the account's own sessions only, and none would be ended)" + roles,
                "GRANT PROCESS ON *.*");
        for (String side : sides) {
            need(problems, side, (side.equals("source") ? source : target).anyGlobal(names.replicationAdmin(), "SUPER"),
                    "the privilege to configure replication (into the " + side + (side.equals("source")
                            ? " for the way back" : "") + ")" + roles, "GRANT " + names.replicationAdmin() + " ON *.*");
        }
    }

    /**
     * A target that is read-only now (a replica often is) is made writable at the cut-over, which takes the
     * privilege to set read-only; a writable one is left as it is ({@link ReadOnlySwitch#writable}), so a
     * managed target's account, which may not set it, needs nothing.
     */
    private static void targetMadeWritable(GrantedPrivileges target, ServerFacts facts, List<MoveProblem> problems) {
        String privilege = MovePrivileges.of(facts.mariaDb()).readOnly();
        if (facts.readOnly() && !target.anyGlobal(privilege, "SUPER")) {
            problems.add(MoveProblem.error("target", "the target is read-only, and the account lacks the privilege to make"
                    + " it writable at the cut-over (privileges through a role are not seen here): the cut-over would"
                    + " stop there, the source read-only already.", "GRANT " + privilege + " ON *.* TO <the account>, or"
                    + " make the target writable now (a managed server: read_only = 0 in its parameter group)"));
        }
    }

    private static void need(List<MoveProblem> problems, String server, boolean granted, String what, String fix) {
        if (!granted) {
            problems.add(MoveProblem.error(server, "the account lacks " + what + ".", fix + " TO <the account>"));
        }
    }

    private static void database(Connection source, Connection target, Mode mode, List<MoveProblem> problems)
            throws SQLException {
        List<String> targetTables = SchemaCopy.applicationTables(target);
        if (mode == Mode.COPY) {
            withoutTransactions(source, problems);
            if (CopyCheckpoints.exists(target)) {
                problems.add(MoveProblem.warning("target", "the database holds an interrupted copy ("
                        + targetTables.size() + " tables); the copy resumes it.", "nothing, or drop the database and"
                        + " create it empty to start over"));
            } else if (!targetTables.isEmpty()) {
                problems.add(MoveProblem.error("target", "the database is not empty: it has " + targetTables + ".",
                        "copy into an empty database (drop these tables or name another database), or adopt it if it"
                        + " already replicates from the source"));
            }
        } else {
            Set<String> sourceTables = new HashSet<>(SchemaCopy.tables(source));
            Set<String> missing = new HashSet<>(sourceTables);
            targetTables.forEach(missing::remove);
            Set<String> extra = new HashSet<>(targetTables);
            extra.removeAll(sourceTables);
            if (!missing.isEmpty() || !extra.isEmpty()) {
                problems.add(MoveProblem.error("target", "the database does not hold the source's tables: missing "
                        + missing + ", extra " + extra + ".", "adopt only a target that replicates the whole database"));
            }
        }
        freeSpace(source, target, problems);
    }

    /**
     * The source's tables of an engine without transactions (MyISAM, Aria, MEMORY...): the copy's consistent
     * snapshot holds InnoDB's rows only, so such a table is read as it is when a worker gets to it, and the
     * replication from the snapshot's position applies again what was written to it between: a duplicate key
     * stops the replica, a table without a key holds the row twice.
     */
    private static void withoutTransactions(Connection source, List<MoveProblem> problems) throws SQLException {
        List<String> tables = Jdbc.rows(source, "SELECT table_name, engine FROM information_schema.tables WHERE table_schema"
                + " = DATABASE() AND table_type = 'BASE TABLE' AND engine <> 'InnoDB' ORDER BY table_name").stream()
                .map(r -> r.get(0) + " (" + r.get(1) + ")").toList();
        if (!tables.isEmpty()) {
            problems.add(MoveProblem.error("source", "the tables " + String.join(", ", tables) + " have no transactions: the"
                    + " copy's snapshot does not hold them, and replication would apply again what is written to them"
                    + " during the copy.", "ALTER TABLE ... ENGINE=InnoDB first, or copy the database yourself and adopt"
                    + " the target (--adopt)"));
        }
    }

    /**
     * Tandem's own triggers and views on the source that the target does not have: a migration between its
     * expand and its contract (sync triggers that keep two shapes equal, a copy's carry triggers, the view a
     * {@code rename_table} parks during its contract). A move copies tables only, and replicates what is created after its
     * snapshot: without them the target, once it serves, would stop keeping the shapes equal (the old app's
     * writes never reaching the new columns, which the contract then keeps) and its copy would miss writes.
     */
    private static void migrationsUnderWay(Connection source, Connection target, List<MoveProblem> problems)
            throws SQLException {
        List<String> missing = new ArrayList<>(tandemObjects(source));
        missing.removeAll(tandemObjects(target));
        if (!missing.isEmpty()) {
            problems.add(MoveProblem.error("source", "a Tandem migration is between its expand and its contract: its "
                    + String.join(", ", missing.subList(0, Math.min(missing.size(), SHOWN_OBJECTS)))
                    + (missing.size() > SHOWN_OBJECTS ? " and " + (missing.size() - SHOWN_OBJECTS) + " more" : "")
                    + " would not reach the target, which would then no longer keep the old and new shapes equal.",
                    "finish the migration first (its backfill done and contract() run, or rolled back), then prepare the"
                    + " move; `tandem status` names it"));
        }
    }

    /**
     * Sessions on the source of accounts that read-only does not stop ({@link ReadOnlySwitch#privilegesWritingThrough}:
     * on MariaDB, holders of {@code READ ONLY ADMIN}, before 11.0 of {@code SUPER} too). At the cut-over Tandem holds
     * its own instances' connections, but a write of a client it does not hold (another service, a job, an
     * instance that missed the switch) would land on the old server and never reach the new one. The
     * coordinator's own account is left out: it must hold the privilege, and its sessions are the move's. Seen
     * only where the coordinator's account may see other accounts' privileges in {@code information_schema}
     * (on MariaDB, with {@code SELECT} on the {@code mysql} database); else nothing is said.
     */
    private static void accountsWritingThroughReadOnly(Connection source, ServerFacts facts, List<MoveProblem> problems)
            throws SQLException {
        List<String> privileges = ReadOnlySwitch.privilegesWritingThrough(facts);
        if (privileges.isEmpty()) {
            return;
        }
        String me = Jdbc.rows(source, "SELECT SUBSTRING_INDEX(CURRENT_USER(), '@', 1)").get(0).get(0);
        Set<String> writingThrough = new TreeSet<>();
        for (List<String> row : Jdbc.rows(source, "SELECT DISTINCT SUBSTRING(grantee, 2, LOCATE('''@''', grantee) - 2)"
                + " FROM information_schema.user_privileges WHERE REPLACE(privilege_type, '_', ' ') IN ("
                + String.join(", ", Collections.nCopies(privileges.size(), "?")) + ")",
                privileges.stream().map(p -> p.replace('_', ' ')).toArray(String[]::new))) {
            writingThrough.add(row.get(0));
        }
        eventsWritingThrough(source, writingThrough, privileges, problems);
        writingThrough.remove(me);
        Map<String, Long> sessions = ReadOnlySwitch.sessions(source, writingThrough).stream()
                .collect(Collectors.groupingBy(ReadOnlySwitch.Session::user, TreeMap::new, Collectors.counting()));
        if (!sessions.isEmpty()) {
            problems.add(MoveProblem.warning("source", "sessions of " + sessions.entrySet().stream()
                    .map(e -> "'" + e.getKey() + "' (" + e.getValue() + ")").collect(Collectors.joining(", "))
                    + " are of accounts holding " + String.join(" or ", privileges) + ", which lets them write through"
                    + " read_only: at the cut-over a write of such a client that Tandem does not hold would land on the"
                    + " old server and never reach the new one.", "give the application an account without "
                    + String.join(" or ", privileges) + " (REVOKE " + privileges.get(0) + " ON *.* FROM <the account>),"
                    + " or make sure every client of these accounts borrows from Tandem"));
        }
    }

    /**
     * The database's enabled events defined by an account of {@code writingThrough} (the coordinator's own too):
     * an event runs as its definer, so one firing after the source refused writes writes on it all the same,
     * and the write never reaches the new server. A server that cannot list its events (MariaDB's scheduler
     * DISABLED at start) runs none.
     */
    private static void eventsWritingThrough(Connection source, Set<String> writingThrough, List<String> privileges,
                                             List<MoveProblem> problems) throws SQLException {
        List<List<String>> enabled;
        try {
            enabled = Jdbc.rows(source, "SELECT event_name, SUBSTRING_INDEX(definer, '@', 1) FROM information_schema.events"
                    + " WHERE event_schema = DATABASE() AND status = 'ENABLED' ORDER BY event_name");
        } catch (SQLException e) {
            if (Jdbc.connectionLost(e)) {
                throw e;
            }
            return; // "Cannot proceed, because event scheduler is disabled": no event runs
        }
        List<String> events = definedBy(enabled, writingThrough);
        if (!events.isEmpty()) {
            problems.add(MoveProblem.warning("source", "the events " + String.join(", ", events) + " run as accounts"
                    + " holding " + String.join(" or ", privileges) + ", which lets them write through read_only: one that"
                    + " fires during the cut-over writes on the old server, and the write never reaches the new one.",
                    "disable them for the cut-over (ALTER EVENT <name> DISABLE) and create or enable them on the new"
                    + " server once it serves, or give them a definer without " + String.join(" or ", privileges)));
        }
    }

    /** The events of {@code events} (name, definer's user) whose definer is one of {@code accounts}, as {@code name (of 'user')}. */
    static List<String> definedBy(List<List<String>> events, Set<String> accounts) {
        return events.stream().filter(e -> accounts.contains(e.get(1))).map(e -> e.get(0) + " (of '" + e.get(1) + "')").toList();
    }

    /** Tandem's triggers and views in the connection's database, each said as {@code trigger <name>} or {@code view <name>}. */
    private static List<String> tandemObjects(Connection c) throws SQLException {
        return Jdbc.rows(c, "SELECT CONCAT('trigger ', trigger_name) FROM information_schema.triggers"
                + " WHERE trigger_schema = DATABASE() AND trigger_name LIKE '|_tandem|_%' ESCAPE '|' UNION ALL"
                + " SELECT CONCAT('view ', table_name) FROM information_schema.views WHERE table_schema = DATABASE()"
                + " AND table_name LIKE '|_tandem|_%' ESCAPE '|' ORDER BY 1").stream().map(r -> r.get(0)).toList();
    }

    /**
     * MariaDB's {@code information_schema.DISKS} (plugin {@code disks}) tells a server's free space; MySQL
     * tells none. Warns when the disk of the target's data directory has less free than the source database's
     * size and half again.
     */
    private static void freeSpace(Connection source, Connection target, List<MoveProblem> problems) throws SQLException {
        if (Jdbc.count(target, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'information_schema'"
                + " AND table_name = 'DISKS'") == 0) {
            return;
        }
        long needed = TableStatistics.number(source, "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables"
                + " WHERE table_schema = DATABASE()") * 3 / 2;
        List<List<String>> disks = Jdbc.rows(target, "SELECT available * 1024 FROM information_schema.disks"
                + " WHERE @@datadir LIKE CONCAT(path, '%') ORDER BY LENGTH(path) DESC LIMIT 1");
        if (!disks.isEmpty() && Long.parseLong(disks.get(0).get(0)) < needed) {
            problems.add(MoveProblem.warning("target", "the disk of the data directory has " + disks.get(0).get(0)
                    + " bytes free; the copy needs about " + needed + ".", "free space or grow the disk"));
        }
    }
}
