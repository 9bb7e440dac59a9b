package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A backfill in place, chunk by chunk: the chunk's UPDATE of the rows that do not hold the new shape yet,
 * and, for the verification, the rows that still do not, shown as key, value held and value expected
 * (the statements are {@link BackfillSql}'s).
 */
final class InPlaceChunks implements ChunkWriter, ChunkCheck {

    /** The longest part of a value an example shows. */
    static final int EXAMPLE_VALUE_CHARS = 40;

    private final Connection connection;
    private final String table;
    private final BackfillKey key;
    private final BackfillSql sql;
    private final String column;
    private final String expression;
    /** Whether new code may leave the column NULL ({@link BackfillSql.Kind#OPTIONAL}), the only rows the check rejects then. */
    private final boolean newCodeLeavesNulls;

    /**
     * Chunks of the quoted table {@code table} along {@code key}, whose quoted {@code column} gets
     * {@code expression} as {@code sql} says, for a backfill of {@code kind}.
     */
    InPlaceChunks(Connection connection, String table, BackfillKey key, BackfillSql sql, String column, String expression,
                  BackfillSql.Kind kind) {
        this.connection = connection;
        this.table = table;
        this.key = key;
        this.sql = sql;
        this.column = column;
        this.expression = expression;
        this.newCodeLeavesNulls = kind == BackfillSql.Kind.OPTIONAL;
    }

    @Override
    public int write(BackfillChunker.Chunk chunk) throws SQLException {
        try (PreparedStatement update = key.statement(connection, sql.update(table, key, chunk.cursor()), chunk.cursor(),
                chunk.upper())) {
            return update.executeUpdate();
        }
    }

    @Override
    public long rejected(BackfillChunker.Chunk chunk) throws SQLException {
        try (PreparedStatement count = key.statement(connection, sql.countMismatches(table, key, chunk.cursor()),
                chunk.cursor(), chunk.upper());
             ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** None where new code may leave the column NULL: NULLs are all the check of such a backfill rejects. */
    @Override
    public long rejectedButNewCodesNulls(BackfillChunker.Chunk chunk) throws SQLException {
        return newCodeLeavesNulls ? 0 : rejected(chunk);
    }

    /** Up to {@code limit} rejected rows of the chunk: key, value held, value expected. */
    @Override
    public List<String> examples(BackfillChunker.Chunk chunk, int limit) throws SQLException {
        List<String> examples = new ArrayList<>();
        try (PreparedStatement some = key.statement(connection,
                sql.sampleMismatches(table, key, column, expression, chunk.cursor(), limit), chunk.cursor(), chunk.upper());
             ResultSet rs = some.executeQuery()) {
            while (rs.next()) {
                examples.add("key (" + rs.getString(1) + "): holds " + shown(rs.getString(2)) + ", expected "
                        + shown(rs.getString(3)));
            }
        }
        return examples;
    }

    @Override
    public int repair(BackfillChunker.Chunk chunk) throws SQLException {
        return write(chunk);
    }

    @Override
    public String advice() {
        return "check the expression (" + expression + ") for values the new column cannot hold, and the table's own"
                + " triggers";
    }

    /** A value as an example shows it: quoted and cut short, or NULL. */
    static String shown(String value) {
        return value == null ? "NULL"
                : "'" + (value.length() > EXAMPLE_VALUE_CHARS ? value.substring(0, EXAMPLE_VALUE_CHARS) + "..." : value) + "'";
    }
}
