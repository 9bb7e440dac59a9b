package dev.tandem.mysql;

import dev.tandem.BackfillProgress;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill of one column, as one resumable step:
 * <ul>
 *   <li>keyset chunks over the primary key (integer keys: bounds computed, like a hand-written loop;
 *       other keys: read), up to the largest key that existed when the backfill began: rows inserted later already have the new shape (the triggers exist), so it ends even
 *       under a steady insert load;</li>
 *   <li>each chunk's UPDATE and its checkpoint (the cursor, in {@code tandem_backfill}) commit
 *       together, so a node that dies resumes after the last committed chunk, never from zero and
 *       never skipping rows;</li>
 *   <li>the chunk size adapts to a target time per chunk (200 ms): it grows by at most 1.5x when a
 *       chunk is fast, halves when one takes more than twice the target, and quarters past five times;</li>
 *   <li>before each chunk it asks the throttle (pause, Threads_running, the user's signals);</li>
 *   <li>the session is marked ({@code @tandem_backfill}) so the sync triggers leave its writes alone;</li>
 *   <li>progress (rows, rows/s, ETA) is logged every few seconds;</li>
 *   <li>then a chunked verification counts rows that still miss the new shape ({@code mismatch}); any
 *       fails the step with the count and a few keys, so the migration never becomes READY.</li>
 * </ul>
 * The key is the primary key, or else a unique key over NOT NULL columns; composite keys compare as
 * row constructors.
 */
final class ChunkedBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkedBackfill.class);
    static final String TABLE = "tandem_backfill";
    static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + " id VARCHAR(255) NOT NULL PRIMARY KEY,"
            + " migration VARCHAR(50) NOT NULL,"
            + " target VARCHAR(255) NOT NULL,"
            + " cursor_key TEXT NULL,"
            + " min_key TEXT NULL,"
            + " max_key TEXT NULL,"
            + " rows_done BIGINT NOT NULL DEFAULT 0,"
            + " rows_estimate BIGINT NOT NULL DEFAULT 0,"
            + " chunk_size INT NOT NULL,"
            + " rows_per_second DOUBLE NOT NULL DEFAULT 0,"
            + " verified_at DATETIME(3) NULL,"
            + " started_at DATETIME(3) NOT NULL,"
            + " updated_at DATETIME(3) NOT NULL"
            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

    static final int MIN_CHUNK = 100;
    static final int MAX_CHUNK = 50_000;
    /** Rows (or, for an integer key, key values) per verification query: a read, so larger than a fill chunk. */
    static final int VERIFY_CHUNK = 100_000;
    private static final long PROGRESS_EVERY_MILLIS = 5_000;

    private ChunkedBackfill() {
    }

    /**
     * @param assignment the SET clause, e.g. {@code `display` = (UPPER(name))}
     * @param pending    which rows still need it, e.g. {@code `display` IS NULL}
     * @param mismatch   which rows, after it, do not have the new shape
     */
    static Step step(String where, String version, String table, String column, String assignment, String pending,
                     String mismatch) {
        String id = version + ":" + table + ":" + assignment.substring(0, Math.min(100, assignment.length()));
        Target target = new Target(id, version, table + "." + column);
        return Steps.of(where + ": backfill in chunks", (context, resumed) -> run(context, resumed, where, target, table,
                assignment, pending, mismatch));
    }

    /** What one backfill fills: its checkpoint id, migration and column. */
    private record Target(String id, String version, String name) {
    }

    static BackfillProgress progress(String version, String target, long rowsDone, long rowsEstimate, double rate,
                                     boolean verified, java.time.Instant updatedAt) {
        Duration eta = rate > 0 && !verified ? Duration.ofSeconds(Math.round(Math.max(0, rowsEstimate - rowsDone) / rate)) : null;
        return new BackfillProgress(version, target, rowsDone, rowsEstimate, rate, eta, verified, updatedAt);
    }

    private static void run(StepContext context, boolean resumed, String where, Target target, String table,
                            String assignment, String pending, String mismatch) throws SQLException {
        Connection c = context.connection();
        String id = target.id();
        Key key = Key.of(context, table, where);
        String t = Identifiers.quote(table);
        if (!resumed) {
            // A fresh run (first time, or after a rollback and a new expand): an old checkpoint is stale.
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        }
        Checkpoint at = Checkpoint.load(c, id);
        if (at == null) {
            at = Checkpoint.begin(c, target, t, key);
            c.commit();
        } else {
            LOG.info("{}: resuming the backfill after key {} ({} rows done)", where,
                    at.cursor == null ? "(start)" : String.join(", ", Key.decode(at.cursor)), at.rowsDone);
        }
        if (at.maxKey != null) {
            context.execute("SET @tandem_backfill = 1", false);
            try {
                fill(context, where, target, t, key, assignment, pending, at);
            } finally {
                context.execute("SET @tandem_backfill = NULL", false);
            }
        }
        verify(context, where, t, key, mismatch, id, at);
        context.reportProgress(progress(target.version(), target.name(), at.rowsDone, at.rowsEstimate, 0, true, null));
    }

    private static void fill(StepContext context, String where, Target target, String t, Key key, String assignment,
                             String pending, Checkpoint at) throws SQLException {
        Connection c = context.connection();
        String id = target.id();
        long started = System.nanoTime();
        long lastReport = started;
        long rowsAtStart = at.rowsDone;
        int chunk = at.chunkSize;
        List<String> cursor = at.cursor == null ? null : Key.decode(at.cursor);
        List<String> max = Key.decode(at.maxKey);
        while (true) {
            context.awaitThrottle(where);
            long chunkStarted = System.nanoTime();
            List<String> upper = key.nextBound(c, t, cursor, Key.decode(at.minKey), max, chunk);
            int changed;
            try (PreparedStatement update = chunkQuery(c, "UPDATE " + t + " SET " + assignment + " WHERE "
                    + key.range(cursor) + " AND (" + pending + ")", key, cursor, upper)) {
                changed = update.executeUpdate();
            }
            double rate = (at.rowsDone + changed - rowsAtStart) / Math.max((System.nanoTime() - started) / 1e9, 0.001);
            at.advance(c, id, Key.encode(upper), changed, chunk, rate);
            c.commit();
            cursor = upper;
            long millis = (System.nanoTime() - chunkStarted) / 1_000_000;
            chunk = nextChunkSize(chunk, millis, context.chunkTarget().toMillis());
            long now = System.nanoTime();
            if (now - lastReport > PROGRESS_EVERY_MILLIS * 1_000_000) {
                lastReport = now;
                long left = Math.max(0, at.rowsEstimate - at.rowsDone);
                LOG.info("{}: {} of ~{} rows, {} rows/s, ETA {} s (chunk {} rows)", where, at.rowsDone, at.rowsEstimate,
                        Math.round(rate), rate > 0 ? Math.round(left / rate) : "?", chunk);
                context.reportProgress(progress(target.version(), target.name(), at.rowsDone, at.rowsEstimate, rate, false, null));
            }
            if (upper.equals(max)) {
                break;
            }
        }
        LOG.info("{}: backfill done, {} rows changed in {} ms", where, at.rowsDone, (System.nanoTime() - started) / 1_000_000);
    }

    /** Grow slowly toward the target time per chunk; cut hard when a chunk runs far over it. */
    static int nextChunkSize(int chunk, long millis, long targetMillis) {
        int next;
        if (millis > 5 * targetMillis) {
            next = chunk / 4;
        } else if (millis > 2 * targetMillis) {
            next = chunk / 2;
        } else if (millis < targetMillis / 2) {
            next = (int) Math.min((long) chunk * 3 / 2, chunk + 10_000L);
        } else {
            next = chunk;
        }
        return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, next));
    }

    /**
     * Checks, in chunks along the key up to the largest key the backfill saw at its start, that every row
     * has the new shape; rows inserted later were shaped by the triggers. Chunked, so no statement holds
     * a read view over the whole table, and throttled like the fill.
     */
    private static void verify(StepContext context, String where, String t, Key key, String mismatch, String id,
                               Checkpoint at) throws SQLException {
        Connection c = context.connection();
        List<String> examples = new ArrayList<>();
        long bad = 0;
        long started = System.nanoTime();
        List<String> cursor = null;
        List<String> max = at.maxKey == null ? null : Key.decode(at.maxKey);
        while (max != null) {
            context.awaitThrottle(where + " (verification)");
            List<String> upper = key.nextBound(c, t, cursor, Key.decode(at.minKey), max, VERIFY_CHUNK);
            String range = key.range(cursor) + " AND (" + mismatch + ")";
            long inChunk;
            try (PreparedStatement count = chunkQuery(c, "SELECT COUNT(*) FROM " + t + " WHERE " + range, key, cursor, upper);
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                inChunk = rs.getLong(1);
            }
            if (inChunk > 0 && examples.size() < 5) {
                try (PreparedStatement some = chunkQuery(c, "SELECT CONCAT_WS(', ', " + key.list() + ") FROM " + t + " WHERE "
                        + range + " ORDER BY " + key.list() + " LIMIT " + (5 - examples.size()), key, cursor, upper);
                     ResultSet rs = some.executeQuery()) {
                    while (rs.next()) {
                        examples.add(rs.getString(1));
                    }
                }
            }
            bad += inChunk;
            c.commit();
            cursor = upper;
            if (upper.equals(max)) {
                break;
            }
        }
        if (bad > 0) {
            throw new SQLException(where + ": verification found " + bad + " row(s) without the new shape, e.g. keys "
                    + examples + ". The migration stays not READY; check the up expression and the triggers.");
        }
        try (PreparedStatement done = c.prepareStatement("UPDATE " + TABLE + " SET verified_at = UTC_TIMESTAMP(3),"
                + " updated_at = UTC_TIMESTAMP(3) WHERE id = ?")) {
            done.setString(1, id);
            done.executeUpdate();
        }
        LOG.info("{}: verified in {} ms, every row has the new shape", where, (System.nanoTime() - started) / 1_000_000);
    }

    /** A statement over one chunk ({@link Key#range}), its key range bound. */
    private static PreparedStatement chunkQuery(Connection c, String sql, Key key, List<String> cursor, List<String> upper)
            throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        key.bind(s, key.bind(s, 1, cursor), upper);
        return s;
    }

    /** Where a backfill stands, as stored in {@code tandem_backfill}. */
    private static final class Checkpoint {
        String cursor;
        String minKey;
        String maxKey;
        long rowsDone;
        long rowsEstimate;
        int chunkSize;

        static Checkpoint load(Connection c, String id) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT cursor_key, max_key, rows_done, rows_estimate, chunk_size,"
                    + " min_key FROM " + TABLE + " WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    Checkpoint at = new Checkpoint();
                    at.cursor = rs.getString(1);
                    at.maxKey = rs.getString(2);
                    at.rowsDone = rs.getLong(3);
                    at.rowsEstimate = rs.getLong(4);
                    at.chunkSize = rs.getInt(5);
                    at.minKey = rs.getString(6);
                    return at;
                }
            }
        }

        static Checkpoint begin(Connection c, Target target, String t, Key key) throws SQLException {
            Checkpoint at = new Checkpoint();
            at.chunkSize = 1_000;
            at.minKey = key.edge(c, t, false);
            at.maxKey = key.edge(c, t, true);
            try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(table_rows), 0) FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE() AND table_name = ?")) {
                s.setString(1, t.replace("`", ""));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    at.rowsEstimate = rs.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (id, migration, target, cursor_key,"
                    + " min_key, max_key, rows_done, rows_estimate, chunk_size, started_at, updated_at) VALUES (?, ?, ?, NULL, ?,"
                    + " ?, 0, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))")) {
                s.setString(1, target.id());
                s.setString(2, target.version());
                s.setString(3, target.name());
                s.setString(4, at.minKey);
                s.setString(5, at.maxKey);
                s.setLong(6, at.rowsEstimate);
                s.setInt(7, at.chunkSize);
                s.executeUpdate();
            }
            return at;
        }

        void advance(Connection c, String id, String upper, int changed, int chunk, double rate) throws SQLException {
            cursor = upper;
            rowsDone += changed;
            chunkSize = chunk;
            try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE + " SET cursor_key = ?, rows_done = ?,"
                    + " chunk_size = ?, rows_per_second = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?")) {
                s.setString(1, upper);
                s.setLong(2, rowsDone);
                s.setInt(3, chunk);
                s.setDouble(4, rate);
                s.setString(5, id);
                s.executeUpdate();
            }
        }
    }

    /**
     * The key the backfill walks: its columns, and whether it is a single integer column (then chunk
     * bounds are computed, as a hand-written loop does; otherwise they are read). Key values travel as
     * text, and a tuple is stored as {@code length:value} pieces.
     */
    private record Key(List<String> columns, boolean integer) {

        /** The primary key, else the first unique key over NOT NULL columns. */
        static Key of(StepContext context, String table, String where) throws SQLException {
            // index -> its rows of (column, is_nullable, data_type), the primary key first
            Map<String, List<List<String>>> indexes = new java.util.LinkedHashMap<>();
            for (List<String> row : Jdbc.rows(context.connection(), "SELECT s.index_name, s.column_name, c.is_nullable,"
                    + " c.data_type FROM information_schema.statistics s JOIN information_schema.columns c ON c.table_schema"
                    + " = s.table_schema AND c.table_name = s.table_name AND c.column_name = s.column_name"
                    + " WHERE s.table_schema = DATABASE() AND s.table_name = ? AND s.non_unique = 0"
                    + " ORDER BY s.index_name <> 'PRIMARY', s.index_name, s.seq_in_index", table)) {
                indexes.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(row.subList(1, 4));
            }
            for (List<List<String>> parts : indexes.values()) {
                if (parts.stream().allMatch(part -> part.get(1).equals("NO"))) {
                    boolean integer = parts.size() == 1
                            && parts.get(0).get(2).toLowerCase(java.util.Locale.ROOT).matches("(tiny|small|medium|big)?int");
                    return new Key(parts.stream().map(part -> part.get(0)).toList(), integer);
                }
            }
            throw new SQLException(where + ": " + table + " has no primary key and no unique key over NOT NULL columns,"
                    + " so its rows cannot be backfilled in chunks");
        }

        String list() {
            return String.join(", ", columns.stream().map(Identifiers::quote).toList());
        }

        String tuple() {
            return "(" + list() + ")";
        }

        String placeholders() {
            return "(" + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        }

        /**
         * Binds {@code values} from parameter {@code from}; returns the next parameter index. An integer
         * key is bound as a number: compared with text, the server would compare doubles, which cannot
         * tell apart BIGINT keys above 2^53.
         */
        int bind(PreparedStatement s, int from, List<String> values) throws SQLException {
            if (values == null) {
                return from;
            }
            for (String value : values) {
                if (integer) {
                    s.setBigDecimal(from++, new java.math.BigDecimal(value));
                } else {
                    s.setString(from++, value);
                }
            }
            return from;
        }

        /** The first ({@code last} false) or last key of the table, encoded; null when it is empty. */
        String edge(Connection c, String t, boolean last) throws SQLException {
            String order = String.join(", ", columns.stream().map(col -> Identifiers.quote(col) + (last ? " DESC" : "")).toList());
            try (PreparedStatement s = c.prepareStatement("SELECT " + list() + " FROM " + t + " ORDER BY " + order + " LIMIT 1");
                 ResultSet rs = s.executeQuery()) {
                return rs.next() ? encode(row(rs)) : null;
            }
        }

        /** The condition for the keys after {@code cursor} (from the start when null) up to an upper bound. */
        String range(List<String> cursor) {
            return (cursor == null ? "" : tuple() + " > " + placeholders() + " AND ") + tuple() + " <= " + placeholders();
        }

        /** The upper bound of the next chunk of {@code size} after {@code cursor}: computed for an integer key, else read. */
        List<String> nextBound(Connection c, String t, List<String> cursor, List<String> min, List<String> max, int size)
                throws SQLException {
            return integer ? computedBound(cursor, min, max, size) : readBound(c, t, cursor, max, size);
        }

        private List<String> computedBound(List<String> cursor, List<String> min, List<String> max, int chunk) {
            java.math.BigInteger from = cursor == null ? new java.math.BigInteger(min.get(0)).subtract(java.math.BigInteger.ONE)
                    : new java.math.BigInteger(cursor.get(0));
            java.math.BigInteger next = from.add(java.math.BigInteger.valueOf(chunk));
            java.math.BigInteger last = new java.math.BigInteger(max.get(0));
            return List.of((next.compareTo(last) >= 0 ? last : next).toString());
        }

        /** The key {@code chunk} rows after {@code cursor} (or {@code max} when fewer remain). */
        private List<String> readBound(Connection c, String t, List<String> cursor, List<String> max, int chunk) throws SQLException {
            String sql = "SELECT " + list() + " FROM " + t + " WHERE " + (cursor == null ? "" : tuple() + " > " + placeholders()
                    + " AND ") + tuple() + " <= " + placeholders() + " ORDER BY " + list() + " LIMIT 1 OFFSET ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = bind(s, 1, cursor);
                i = bind(s, i, max);
                s.setInt(i, chunk - 1);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? row(rs) : max;
                }
            }
        }

        private List<String> row(ResultSet rs) throws SQLException {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }

        static String encode(List<String> values) {
            StringBuilder out = new StringBuilder();
            values.forEach(v -> out.append(v.length()).append(':').append(v));
            return out.toString();
        }

        static List<String> decode(String encoded) {
            List<String> values = new ArrayList<>();
            int i = 0;
            while (i < encoded.length()) {
                int colon = encoded.indexOf(':', i);
                int length = Integer.parseInt(encoded.substring(i, colon));
                values.add(encoded.substring(colon + 1, colon + 1 + length));
                i = colon + 1 + length;
            }
            return values;
        }
    }
}
