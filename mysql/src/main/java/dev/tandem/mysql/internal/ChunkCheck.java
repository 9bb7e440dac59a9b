package dev.tandem.mysql.internal;

import java.sql.SQLException;
import java.util.List;

/** What a backfill's verification asks of one chunk: the rows it rejects, a few of them, their repair. */
interface ChunkCheck {

    /** How many rows of the chunk are rejected. */
    long rejected(BackfillChunker.Chunk chunk) throws SQLException;

    /**
     * How many rows of the chunk are rejected but for those that hold NULL where new code may leave the column
     * so ({@link BackfillSql.Kind#OPTIONAL}: a value there is new code's to write, and it may write none): as
     * many as {@link #rejected} for every other kind. Such a NULL is new code's, and is left as it wrote it: new
     * code may write them all the time (a {@code REPLACE} that does not name the column), so one written
     * again could come back before its count after, and fail the step.
     */
    default long rejectedButNewCodesNulls(BackfillChunker.Chunk chunk) throws SQLException {
        return rejected(chunk);
    }

    /** Up to {@code limit} rejected rows of the chunk, each said for a person (its key, what is wrong). */
    List<String> examples(BackfillChunker.Chunk chunk, int limit) throws SQLException;

    /** Writes the chunk again, as the fill wrote it, without committing; returns the rows written. */
    int repair(BackfillChunker.Chunk chunk) throws SQLException;

    /** What to look at when rows stay rejected after their repair. */
    String advice();

    /** The other tables (quoted) whose rows the check compares with the table's: a copy. */
    default List<String> otherTables() {
        return List.of();
    }
}
