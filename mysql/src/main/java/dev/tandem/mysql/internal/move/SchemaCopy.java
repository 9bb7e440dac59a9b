package dev.tandem.mysql.internal.move;

import dev.tandem.mysql.internal.Identifiers;
import dev.tandem.mysql.internal.Jdbc;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The schema side of a copy: the source's tables, their creation on the target from {@code SHOW CREATE TABLE}
 * (the source's own words: types, character sets, collations, keys, AUTO_INCREMENT counters, partitions), its
 * sequences (MariaDB's) and where they stand, the
 * groups of tables foreign keys tie together, and what the copy leaves out. Tables are created with
 * {@code foreign_key_checks=0}, as a dump is loaded: a foreign key may then name a table created later, so no
 * order is needed and cycles (and self-references) are no problem; the rows come from one snapshot, in which
 * every reference holds.
 */
final class SchemaCopy {

    private SchemaCopy() {
    }

    /** The base tables of the connection's database, by name. */
    static List<String> tables(Connection c) throws SQLException {
        return Jdbc.rows(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_type = 'BASE TABLE' ORDER BY table_name").stream().map(r -> r.get(0)).toList();
    }

    /** The sequences of the connection's database (MariaDB's; MySQL has none), by name. */
    static List<String> sequences(Connection c) throws SQLException {
        return Jdbc.rows(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_type = 'SEQUENCE' ORDER BY table_name").stream().map(r -> r.get(0)).toList();
    }

    /**
     * Creates on the target each of the source's sequences it does not have yet, as the source defines it
     * ({@code SHOW CREATE SEQUENCE}), before the tables, whose defaults may name them. Without them the first
     * {@code NEXTVAL} the source replicated stopped replication: the target had no such table. A target that
     * has no sequences (MySQL) is refused before anything is created.
     */
    static void createMissingSequences(Connection source, Connection target) throws SQLException {
        List<String> sequences = sequences(source);
        if (sequences.isEmpty()) {
            return;
        }
        if (!Jdbc.isMariaDb(target)) {
            throw new SQLException("the source has sequences " + sequences + ", and the target, a MySQL server, has no"
                    + " sequences: move to a MariaDB server, or make them AUTO_INCREMENT columns first");
        }
        Set<String> existing = Set.copyOf(sequences(target));
        try (Statement s = target.createStatement()) {
            for (String sequence : sequences) {
                if (!existing.contains(sequence)) {
                    s.execute(Jdbc.rows(source, "SHOW CREATE SEQUENCE " + Identifiers.quote(sequence)).get(0).get(1));
                }
            }
        }
    }

    /**
     * Moves each sequence of the target on to where the source's is now: read after the copy's snapshot, so
     * never behind it. Replication brings later changes, which a replica applies as {@code SETVAL}, which
     * never moves a sequence back: the target's ends where the source's is, and hands out no value the
     * source did.
     */
    static void advanceSequences(Connection source, Connection target) throws SQLException {
        for (String sequence : sequences(source)) {
            String q = Identifiers.quote(sequence);
            List<String> state = Jdbc.rows(source, "SELECT next_not_cached_value, cycle_count FROM " + q).get(0);
            try (Statement s = target.createStatement()) {
                // SETVAL takes literals only; the values are the server's own integers.
                s.execute("DO SETVAL(" + q + ", " + new BigInteger(state.get(0)) + ", 0, " + new BigInteger(state.get(1)) + ")");
            }
        }
    }

    /** The target's tables that are not the copy's own checkpoints. */
    static List<String> applicationTables(Connection target) throws SQLException {
        return tables(target).stream().filter(t -> !t.equalsIgnoreCase(CopyCheckpoints.TABLE)).toList();
    }

    /** Gives the target database the source's default character set and collation (tables name their own). */
    static void alignDefaults(Connection source, Connection target) throws SQLException {
        List<String> defaults = Jdbc.rows(source, "SELECT default_character_set_name, default_collation_name"
                + " FROM information_schema.schemata WHERE schema_name = DATABASE()").get(0);
        String database = Jdbc.rows(target, "SELECT DATABASE()").get(0).get(0);
        try (Statement s = target.createStatement()) {
            s.execute("ALTER DATABASE " + Identifiers.quote(database) + " CHARACTER SET " + defaults.get(0)
                    + " COLLATE " + defaults.get(1));
        }
    }

    /** Creates on the target each of {@code tables} it does not have yet, as the source defines it. */
    static void createMissing(Connection source, Connection target, List<String> tables) throws SQLException {
        Set<String> existing = Set.copyOf(tables(target));
        try (Statement s = target.createStatement()) {
            for (String table : tables) {
                if (!existing.contains(table)) {
                    String ddl = Jdbc.rows(source, "SHOW CREATE TABLE " + Identifiers.quote(table)).get(0).get(1);
                    s.execute(ddl);
                }
            }
        }
    }

    /**
     * {@code tables} in groups that foreign keys connect (a table without any is a group of its own): a copy
     * takes a group from one snapshot, so no foreign key ever joins rows of two snapshots.
     */
    static List<Set<String>> foreignKeyGroups(Connection source, List<String> tables) throws SQLException {
        Map<String, String> parent = new HashMap<>();
        tables.forEach(t -> parent.put(t, t));
        for (List<String> edge : Jdbc.rows(source, "SELECT table_name, referenced_table_name FROM"
                + " information_schema.referential_constraints WHERE constraint_schema = DATABASE()"
                + " AND unique_constraint_schema = DATABASE()")) {
            if (parent.containsKey(edge.get(0)) && parent.containsKey(edge.get(1))) {
                parent.put(root(parent, edge.get(0)), root(parent, edge.get(1)));
            }
        }
        Map<String, Set<String>> groups = new TreeMap<>();
        for (String table : tables) {
            groups.computeIfAbsent(root(parent, table), r -> new LinkedHashSet<>()).add(table);
        }
        return new ArrayList<>(groups.values());
    }

    private static String root(Map<String, String> parent, String table) {
        String r = table;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        return r;
    }

    /** The database's objects the copy does not take (yet): views, triggers, stored routines, events. */
    static List<String> notCopied(Connection source) throws SQLException {
        List<String> objects = new ArrayList<>();
        Jdbc.rows(source, "SELECT table_name FROM information_schema.views WHERE table_schema = DATABASE()")
                .forEach(r -> objects.add("view " + r.get(0)));
        Jdbc.rows(source, "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()")
                .forEach(r -> objects.add("trigger " + r.get(0)));
        Jdbc.rows(source, "SELECT LOWER(routine_type), routine_name FROM information_schema.routines"
                + " WHERE routine_schema = DATABASE()").forEach(r -> objects.add(r.get(0) + " " + r.get(1)));
        try {
            Jdbc.rows(source, "SELECT event_name FROM information_schema.events WHERE event_schema = DATABASE()")
                    .forEach(r -> objects.add("event " + r.get(0)));
        } catch (SQLException e) {
            // A server whose event scheduler is disabled (--skip-grant-tables, event_scheduler=DISABLED) lists none.
            objects.add("events, if any (the source cannot list them: " + e.getMessage() + ")");
        }
        return objects;
    }

    /** Reads of the source's definitions, run by {@link #readingDefinitions}. */
    @FunctionalInterface
    interface DefinitionsRead {
        void run() throws SQLException;
    }

    /**
     * Runs {@code read} with {@code source}'s session set as the target's session that creates what it reads
     * ({@link #prepareTarget}), then puts the session's own settings back (it returns to its pool). {@code SHOW
     * CREATE TABLE} writes a TIMESTAMP's constant default in the session's time zone, and as its sql_mode has it:
     * read in a zone other than the target's UTC, the target's default moved by the difference; under
     * {@code ANSI_QUOTES} names came in double quotes, which the target refused; MariaDB's
     * {@code NO_TABLE_OPTIONS} and {@code NO_FIELD_OPTIONS} left out the engine and the character sets.
     */
    static void readingDefinitions(Connection source, DefinitionsRead read) throws SQLException {
        List<String> own = Jdbc.rows(source, "SELECT @@SESSION.time_zone, @@SESSION.sql_mode, @@SESSION.sql_quote_show_create")
                .get(0);
        Jdbc.execute(source, "SET SESSION time_zone = '+00:00', sql_mode = '', sql_quote_show_create = 1");
        try {
            read.run();
        } finally {
            try (PreparedStatement restore = source.prepareStatement(
                    "SET SESSION time_zone = ?, sql_mode = ?, sql_quote_show_create = ?")) {
                restore.setString(1, own.get(0));
                restore.setString(2, own.get(1));
                restore.setInt(3, Integer.parseInt(own.get(2)));
                restore.execute();
            }
        }
    }

    /**
     * Settings of a target session that writes a copy: foreign keys unchecked (rows arrive table by table, in
     * parallel); {@code NO_AUTO_VALUE_ON_ZERO}, so a stored 0 in an AUTO_INCREMENT column stays 0; no strict
     * mode, so values the source accepted (zero dates under an older mode) load as they are; UTC, so
     * TIMESTAMP values travel unshifted.
     */
    static void prepareTarget(Connection target) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute("SET SESSION foreign_key_checks = 0");
            s.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
            s.execute("SET SESSION time_zone = '+00:00'");
        }
    }
}
