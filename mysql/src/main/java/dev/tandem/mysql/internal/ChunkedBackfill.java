package dev.tandem.mysql.internal;

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
 *   <li>each chunk's UPDATE and its checkpoint (the cursor, in the table
 *       {@link dev.tandem.TableNames#backfill()} names) commit together, so a node that dies resumes after
 *       the last committed chunk, never from zero and never skipping rows;</li>
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

    static final int MIN_CHUNK = 100;
    static final int MAX_CHUNK = 50_000;
    /** Rows (or, for an integer key, key values) per verification query: a read, so larger than a fill chunk. */
    static final int VERIFY_CHUNK = 100_000;
    private static final long PROGRESS_EVERY_MILLIS = 5_000;

    private ChunkedBackfill() {
    }

    /** The statement that creates the backfill checkpoints' table under the name {@code table}. */
    static String create(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
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
    }

    /**
     * The backfill of {@code column = (expression)}: rows that do not hold it yet are written, and
     * verified after, as its {@code kind} allows (see {@link BackfillSql}).
     */
    static Step step(String where, String version, String table, String column, String expression, BackfillSql.Kind kind) {
        String assignment = Identifiers.quote(column) + " = (" + expression + ")";
        String id = version + ":" + table + ":" + assignment.substring(0, Math.min(100, assignment.length()));
        Target target = new Target(id, version, table + "." + column);
        return Steps.of(where + ": backfill in chunks", (context, resumed) -> SyncSession.run(context, () -> run(context,
                resumed, where, target, table, column, expression, BackfillSql.of(context, table, column, expression, kind,
                        where))));
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
                            String column, String expression, BackfillSql sql) throws SQLException {
        Connection c = context.connection();
        String id = target.id();
        BackfillKey key = BackfillKey.of(context, table, where);
        String t = Identifiers.quote(table);
        String checkpoints = context.tables().backfill();
        if (!resumed) {
            // A fresh run (first time, or after a rollback and a new expand): an old checkpoint is stale.
            Checkpoint.discard(c, checkpoints, id);
        }
        Checkpoint at = Checkpoint.load(c, checkpoints, id);
        if (at == null) {
            at = Checkpoint.begin(c, checkpoints, target, t, key);
            c.commit();
        } else {
            LOG.info("{}: resuming the backfill after key {} ({} rows done)", where,
                    at.cursor == null ? "(start)" : String.join(", ", BackfillKey.decode(at.cursor)), at.rowsDone);
        }
        Chunks chunks = new Chunks(context, t, key, Identifiers.quote(column), sql);
        // The session is marked so that the sync triggers leave the backfill's writes alone.
        context.execute("SET @tandem_backfill = 1", false);
        try {
            if (at.maxKey != null) {
                fill(context, where, target, chunks, at);
            }
            verify(context, where, chunks, expression, at);
        } finally {
            context.execute("SET @tandem_backfill = NULL", false);
        }
        context.reportProgress(progress(target.version(), target.name(), at.rowsDone, at.rowsEstimate, 0, true, null));
    }

    /** The statements of one backfill over a chunk of its key range. */
    private record Chunks(StepContext context, String table, BackfillKey key, String column, BackfillSql sql) {

        /** Writes the pending rows of the chunk; returns how many it changed. */
        int write(List<String> cursor, List<String> upper) throws SQLException {
            try (PreparedStatement update = key.statement(context.connection(), "UPDATE " + table + " SET " + sql.assignment()
                    + " WHERE " + key.range(cursor) + " AND (" + sql.pending() + ")", cursor, upper)) {
                return update.executeUpdate();
            }
        }

        /** How many rows of the chunk verification rejects. */
        long mismatches(List<String> cursor, List<String> upper) throws SQLException {
            try (PreparedStatement count = key.statement(context.connection(), "SELECT COUNT(*) FROM " + table + " WHERE "
                    + key.range(cursor) + " AND (" + sql.mismatch() + ")", cursor, upper);
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /** Up to {@code limit} rejected rows of the chunk: key, value held, value expected. */
        List<String> examples(List<String> cursor, List<String> upper, String expression, int limit)
                throws SQLException {
            List<String> examples = new ArrayList<>();
            try (PreparedStatement some = key.statement(context.connection(), "SELECT CONCAT_WS(', ', " + key.list() + "), "
                    + column + ", (" + expression + ") FROM " + table + " WHERE " + key.range(cursor) + " AND ("
                    + sql.mismatch() + ") ORDER BY " + key.list() + " LIMIT " + limit, cursor, upper);
                 ResultSet rs = some.executeQuery()) {
                while (rs.next()) {
                    examples.add("key (" + rs.getString(1) + "): holds " + shown(rs.getString(2)) + ", expected "
                            + shown(rs.getString(3)));
                }
            }
            return examples;
        }

        private static String shown(String value) {
            return value == null ? "NULL" : "'" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'";
        }
    }

    private static void fill(StepContext context, String where, Target target, Chunks chunks, Checkpoint at)
            throws SQLException {
        Connection c = context.connection();
        long started = System.nanoTime();
        long lastReport = started;
        long rowsAtStart = at.rowsDone;
        int chunk = at.chunkSize;
        List<String> cursor = at.cursor == null ? null : BackfillKey.decode(at.cursor);
        List<String> min = BackfillKey.decode(at.minKey);
        List<String> max = BackfillKey.decode(at.maxKey);
        while (true) {
            context.awaitThrottle(where);
            long chunkStarted = System.nanoTime();
            List<String> upper = chunks.key().nextBound(c, chunks.table(), cursor, min, max, chunk);
            int changed = chunks.write(cursor, upper);
            double rate = (at.rowsDone + changed - rowsAtStart) / Math.max((System.nanoTime() - started) / 1e9, 0.001);
            at.advance(c, BackfillKey.encode(upper), changed, chunk, rate, chunks.key().doneFraction(min, upper, max));
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
     * holds the new shape (rows inserted later were shaped by the triggers). A chunk with rejected rows
     * is written again, as the fill writes it, and checked once more: a row that a writer left wrong is
     * repaired, not left to stop the migration. Rows still rejected after that fail the step, with a
     * few examples. Chunked, so no statement holds a read view over the whole table, and throttled
     * like the fill.
     */
    private static void verify(StepContext context, String where, Chunks chunks, String expression, Checkpoint at)
            throws SQLException {
        Connection c = context.connection();
        List<String> examples = new ArrayList<>();
        long bad = 0;
        long repaired = 0;
        long started = System.nanoTime();
        List<String> cursor = null;
        List<String> max = at.maxKey == null ? null : BackfillKey.decode(at.maxKey);
        while (max != null) {
            context.awaitThrottle(where + " (verification)");
            List<String> upper = chunks.key().nextBound(c, chunks.table(), cursor, BackfillKey.decode(at.minKey), max,
                    VERIFY_CHUNK);
            long inChunk = chunks.mismatches(cursor, upper);
            if (inChunk > 0) {
                repaired += chunks.write(cursor, upper);
                c.commit();
                inChunk = chunks.mismatches(cursor, upper);
            }
            if (inChunk > 0 && examples.size() < 5) {
                examples.addAll(chunks.examples(cursor, upper, expression, 5 - examples.size()));
            }
            bad += inChunk;
            c.commit();
            cursor = upper;
            if (upper.equals(max)) {
                break;
            }
        }
        if (repaired > 0) {
            LOG.warn("{}: verification found {} row(s) whose new shape a writer had left wrong, and wrote them again",
                    where, repaired);
        }
        if (bad > 0) {
            throw new SQLException(where + ": verification found " + bad + " row(s) without the new shape even after"
                    + " writing them again, e.g. " + examples + ". The migration stays not READY; check the expression ("
                    + expression + ") for values the new column cannot hold, and the table's own triggers.");
        }
        at.verified(c);
        LOG.info("{}: verified in {} ms, every row {}", where, (System.nanoTime() - started) / 1_000_000,
                chunks.sql().exact() ? "holds its expected value" : "has a value");
    }

    /** Where a backfill stands, as stored in the checkpoints' table. */
    private static final class Checkpoint {
        /** The checkpoints' table, and this backfill's row in it. */
        final String table;
        final String id;
        String cursor;
        String minKey;
        String maxKey;
        long rowsDone;
        long rowsEstimate;
        int chunkSize;

        private Checkpoint(String table, String id) {
            this.table = table;
            this.id = id;
        }

        static void discard(Connection c, String table, String id) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        }

        static Checkpoint load(Connection c, String table, String id) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT cursor_key, max_key, rows_done, rows_estimate, chunk_size,"
                    + " min_key FROM " + table + " WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    Checkpoint at = new Checkpoint(table, id);
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

        static Checkpoint begin(Connection c, String table, Target target, String t, BackfillKey key) throws SQLException {
            Checkpoint at = new Checkpoint(table, target.id());
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
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (id, migration, target, cursor_key,"
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

        /**
         * Moves the cursor. The estimate from the table's statistics can be far off (MariaDB's may count
         * a table as it was when small); once the rows done pass it, it is redrawn from how much of the
         * key range is done ({@code doneFraction}, when the key tells) or raised to the rows done.
         */
        void advance(Connection c, String upper, int changed, int chunk, double rate, double doneFraction)
                throws SQLException {
            cursor = upper;
            rowsDone += changed;
            chunkSize = chunk;
            if (rowsDone > rowsEstimate) {
                rowsEstimate = doneFraction > 0 ? Math.max(rowsDone, Math.round(rowsDone / doneFraction)) : rowsDone;
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET cursor_key = ?, rows_done = ?,"
                    + " chunk_size = ?, rows_per_second = ?, rows_estimate = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?")) {
                s.setString(1, upper);
                s.setLong(2, rowsDone);
                s.setInt(3, chunk);
                s.setDouble(4, rate);
                s.setLong(5, rowsEstimate);
                s.setString(6, id);
                s.executeUpdate();
            }
        }

        /** Marks the backfill verified: every row holds the new shape. */
        void verified(Connection c) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET verified_at = UTC_TIMESTAMP(3),"
                    + " updated_at = UTC_TIMESTAMP(3) WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        }
    }
}
