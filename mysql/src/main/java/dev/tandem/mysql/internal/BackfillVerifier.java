package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, after the fill, in chunks along the key up to the largest key the backfill saw at its start,
 * that every row holds the new shape (rows inserted later were shaped by the triggers). A chunk with
 * rejected rows is written again, as the fill writes it, and checked once more: a row that a writer
 * left wrong is repaired, not left to stop the migration. Rows still rejected after that fail the step,
 * with a few examples, so the migration never becomes READY. Chunked, so no statement holds a read view
 * over the whole table, and throttled like the fill.
 */
final class BackfillVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillVerifier.class);

    /** Rows (or, for an integer key, key values) per verification query: a read, so larger than a fill chunk. */
    static final int CHUNK = 100_000;
    /** The most rejected rows a failure shows: enough to see a pattern, few enough to read. */
    static final int EXAMPLES = 5;
    /** The longest part of a value an example shows. */
    static final int EXAMPLE_VALUE_CHARS = 40;

    private final StepContext context;
    private final String where;
    private final String table;
    private final BackfillKey key;
    private final BackfillSql sql;
    private final String column;
    private final String expression;
    private final BackfillCopier copier;

    /**
     * Verifies the quoted table {@code table}'s quoted {@code column} against {@code expression}, with
     * {@code sql}'s conditions, repairing with {@code copier}.
     */
    BackfillVerifier(StepContext context, String where, String table, BackfillKey key, BackfillSql sql, String column,
                     String expression, BackfillCopier copier) {
        this.context = context;
        this.where = where;
        this.table = table;
        this.key = key;
        this.sql = sql;
        this.column = column;
        this.expression = expression;
        this.copier = copier;
    }

    /**
     * Verifies every row from {@code at}'s first to its last key; returns how long it took, in ms.
     *
     * @throws SQLException when rows still miss the new shape after being written again: their count,
     *                      examples (key, value held, value expected) and what to check
     */
    long verify(BackfillCheckpoints.Checkpoint at) throws SQLException {
        Connection c = context.connection();
        List<String> examples = new ArrayList<>();
        long bad = 0;
        long repaired = 0;
        long started = System.nanoTime();
        BackfillChunker chunks = new BackfillChunker(key, table, at.min(), at.max(), null);
        while (at.max() != null) {
            context.awaitThrottle(where + " (verification)");
            BackfillChunker.Chunk chunk = chunks.next(c, CHUNK);
            long inChunk = mismatches(chunk);
            if (inChunk > 0) {
                repaired += copier.write(chunk);
                c.commit();
                inChunk = mismatches(chunk);
            }
            if (inChunk > 0 && examples.size() < EXAMPLES) {
                examples.addAll(examples(chunk, EXAMPLES - examples.size()));
            }
            bad += inChunk;
            c.commit();
            if (chunk.last()) {
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
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** How many rows of the chunk verification rejects. */
    private long mismatches(BackfillChunker.Chunk chunk) throws SQLException {
        try (PreparedStatement count = key.statement(context.connection(), sql.countMismatches(table, key, chunk.cursor()),
                chunk.cursor(), chunk.upper());
             ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Up to {@code limit} rejected rows of the chunk: key, value held, value expected. */
    private List<String> examples(BackfillChunker.Chunk chunk, int limit) throws SQLException {
        List<String> examples = new ArrayList<>();
        try (PreparedStatement some = key.statement(context.connection(),
                sql.sampleMismatches(table, key, column, expression, chunk.cursor(), limit), chunk.cursor(), chunk.upper());
             ResultSet rs = some.executeQuery()) {
            while (rs.next()) {
                examples.add("key (" + rs.getString(1) + "): holds " + shown(rs.getString(2)) + ", expected "
                        + shown(rs.getString(3)));
            }
        }
        return examples;
    }

    /** A value as an example shows it: quoted and cut short, or NULL. */
    static String shown(String value) {
        return value == null ? "NULL"
                : "'" + (value.length() > EXAMPLE_VALUE_CHARS ? value.substring(0, EXAMPLE_VALUE_CHARS) + "..." : value) + "'";
    }
}
