package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that every row holds the new shape (rows inserted after the backfill began were shaped by the
 * triggers), as its {@link ChunkCheck} says, chunk by chunk along the key: after the fill
 * ({@link #verify}), or chunk by chunk behind it ({@link TrailingVerification}). A chunk with rejected rows
 * is written again, as the fill writes it, and checked once more: a row that a writer left wrong is
 * repaired, not left to stop the migration. Rows still rejected after that fail the step
 * ({@link #outcome}), with a few examples, so the migration never becomes READY. A NULL new code may leave in
 * the column ({@link ChunkCheck#rejectedButNewCodesNulls}) is new code's: counted, not written again. Chunked,
 * so no statement holds a read view over the whole table, and throttled like the fill.
 */
final class BackfillVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillVerifier.class);

    /** Rows (or, for an integer key, key values) per verification query: a read, so larger than a fill chunk. */
    static final int CHUNK = 100_000;
    /** The most rejected rows a failure shows: enough to see a pattern, few enough to read. */
    static final int EXAMPLES = 5;

    private final StepContext context;
    private final String where;
    private final String table;
    private final BackfillKey key;
    private final ChunkCheck check;
    private final Connection connection;
    private final List<String> examples = new ArrayList<>();
    private final long started = System.nanoTime();
    private long bad;
    /** Rows rejected at first look that a writer left wrong. */
    private long leftWrong;
    /** Rows rejected at first look for a NULL that new code may leave in the column: routine, left as it wrote them. */
    private long newCodesNulls;

    /**
     * Verifies the rows of the quoted table {@code table}, in chunks along {@code key}, with {@code check},
     * whose statements run on {@code connection}.
     */
    BackfillVerifier(StepContext context, String where, String table, BackfillKey key, ChunkCheck check,
                     Connection connection) {
        this.context = context;
        this.where = where;
        this.table = table;
        this.key = key;
        this.check = check;
        this.connection = connection;
    }

    /**
     * What a verification that passed found: how long it took, in ms, and how many rows hold NULL in the
     * column as new code wrote them ({@link ChunkCheck#rejectedButNewCodesNulls}), left so.
     */
    record Verified(long millis, long newCodesNulls) {
    }

    /**
     * Verifies every row from {@code at}'s first to its last key.
     *
     * @throws SQLException when rows are still rejected after being written again (see {@link #outcome})
     */
    Verified verify(BackfillCheckpoints.Checkpoint at) throws SQLException {
        range(at.min(), at.max());
        beyond(at.max());
        return outcome();
    }

    /**
     * Verifies the rows past {@code max}, the last key when the backfill began (every row when it was null:
     * the table was empty), up to the last key now of the table and of each other table the check compares
     * (a copy): rows written since, which no chunk covered, and which the triggers alone shaped, or carried
     * into the copy. Usually few. Their bounds are read, not computed ({@link BackfillChunker#readingBounds}).
     */
    void beyond(List<String> max) throws SQLException {
        List<String> tables = new ArrayList<>(List.of(table));
        tables.addAll(check.otherTables());
        // Each chunk's check looks at every table: a range verified up to one table's last key is not verified again.
        Set<List<String>> verifiedTo = new HashSet<>();
        verifiedTo.add(max);
        for (String t : tables) {
            String last = GivingWay.run(connection, max, "Reading the last key of " + t, () -> key.edge(connection, t, true));
            connection.commit();
            if (last == null || !verifiedTo.add(BackfillKey.decode(last))) {
                continue;
            }
            BackfillChunker chunks = BackfillChunker.readingBounds(key, table, max, BackfillKey.decode(last));
            for (BackfillChunker.Chunk chunk = chunks.next(connection, CHUNK); ; chunk = chunks.next(connection, CHUNK)) {
                chunk(chunk);
                if (chunk.last()) {
                    break;
                }
            }
        }
    }

    /** Verifies the rows from {@code min} to {@code max} (none when {@code max} is null), in chunks of {@link #CHUNK}. */
    void range(List<String> min, List<String> max) throws SQLException {
        BackfillChunker chunks = new BackfillChunker(key, table, min, max, null);
        while (max != null) {
            BackfillChunker.Chunk chunk = chunks.next(connection, CHUNK);
            chunk(chunk);
            if (chunk.last()) {
                return;
            }
        }
    }

    /**
     * Verifies one chunk, repairing it once if rows are wrong, and counts those found at first: wrong, or NULLs
     * new code may leave (told apart only where some were found, a count more), which are new code's, and are
     * left as it wrote them: a repair would only race its next such write, and the repair of a copy's chunk
     * (a {@code REPLACE} of every row) locks rows the application's writes wait for, and may deadlock with.
     */
    void chunk(BackfillChunker.Chunk chunk) throws SQLException {
        context.awaitThrottle(where + " (verification)");
        // Reads, tried again where they waited too long for a lock (a DDL statement queued for the table), as the
        // fill's are; both in one read view, so a retry reads both again.
        long[] look = read(chunk, () -> {
            long rejected = check.rejected(chunk);
            return new long[] {rejected, rejected == 0 ? 0 : Math.min(rejected, check.rejectedButNewCodesNulls(chunk))};
        });
        long found = look[0];
        long wrong = look[1];
        newCodesNulls += found - wrong;
        if (wrong > 0) {
            leftWrong += wrong;
            // The whole chunk is written again (its rows written are not the rows found wrong).
            GivingWay.run(connection, chunk.cursor(), "A repair", () -> {
                int written = check.repair(chunk);
                connection.commit();
                return written;
            });
            long inChunk = read(chunk, () -> check.rejectedButNewCodesNulls(chunk));
            if (inChunk > 0 && examples.size() < EXAMPLES) {
                int more = EXAMPLES - examples.size();
                examples.addAll(read(chunk, () -> check.examples(chunk, more)));
            }
            bad += inChunk;
        }
        connection.commit();
    }

    /** A verification's read over {@code chunk}, tried again where it waited too long for a lock. */
    private <T> T read(BackfillChunker.Chunk chunk, GivingWay.Work<T> read) throws SQLException {
        return GivingWay.run(connection, chunk.cursor(), "A verification", read);
    }

    /**
     * What the chunks verified so far came to.
     *
     * @throws SQLException when rows are still rejected after being written again: their count, examples
     *                      and what to check
     */
    Verified outcome() throws SQLException {
        if (leftWrong > 0) {
            LOG.warn("{}: verification found {} row(s) whose new shape a writer had left wrong, and wrote them again",
                    where, leftWrong);
        }
        if (bad > 0) {
            throw new SQLException(where + ": verification found " + bad + " row(s) without the new shape even after"
                    + " writing them again, e.g. " + examples + ". The migration stays not READY; " + check.advice() + ".");
        }
        return new Verified(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), newCodesNulls);
    }
}
