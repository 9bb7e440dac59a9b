package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy-based backfill, chunk by chunk (the statements are {@link CopySql}'s): the chunk's rows copied
 * into the copy with the target computed, and, for the verification, the rows the copy holds wrong or
 * misses, repaired by copying the chunk again.
 */
final class CopyChunks implements ChunkWriter, ChunkCheck {

    private static final Logger LOG = LoggerFactory.getLogger(CopyChunks.class);

    /** How long after a chunk gave way to the application the chunks lock their rows first: a burst of writes. */
    static final Duration LOCK_FIRST_AFTER_CONFLICT = Duration.ofSeconds(10);

    private final Connection connection;
    private final CopySql sql;
    /** Whether a chunk's statement holds the copy's AUTO_INCREMENT table lock to its end (see {@link #of}). */
    private final boolean autoIncrementLocked;
    /** Whether a chunk's rows are always locked first ({@link CopySql#lockChunk}). */
    private final boolean lockFirst;
    /**
     * Whether a row may hold a value in the target that no carry trigger brought into the copy: one new
     * code wrote before the triggers existed ({@link CopySql#targetHeld}, read once they do). Without one,
     * a chunk needs no count of its values: every value the table holds came with a write the triggers
     * carried, so the copy already holds it, and the chunk fills the NULLs only.
     */
    private final boolean targetHeldBefore;
    /** How a write into the copy runs: as it is, or without waiting for a lock ({@link CopySql#withoutLockWait}). */
    private final UnaryOperator<String> writing;
    /**
     * Whether the verification evaluates the expression for the rows the copy computed it for, and fails on a
     * value it could not make: on MariaDB, whose {@code INSERT ... SELECT} with a column list (the copy's)
     * loses the warning of a conversion of text to a number inside the expression, so that even strict
     * mode stores {@code 'ada' + 0} as 0, where an update in place fails. MySQL's copy fails as the update does.
     */
    private final boolean evaluatingExpression;
    /** Whether a write gave way to the application, and when (System.nanoTime). */
    private boolean gaveWay;
    private long gaveWayAt;

    private CopyChunks(Connection connection, CopySql sql, boolean autoIncrementLocked, boolean lockFirst,
                       boolean targetHeldBefore, UnaryOperator<String> writing, boolean evaluatingExpression) {
        this.connection = connection;
        this.sql = sql;
        this.autoIncrementLocked = autoIncrementLocked;
        this.lockFirst = lockFirst;
        this.targetHeldBefore = targetHeldBefore;
        this.writing = writing;
        this.evaluatingExpression = evaluatingExpression;
    }

    /**
     * The chunks of {@code sql}'s copy of a table with {@code columns}, on the step's connection.
     * <p>
     * Where the copy's {@code INSERT ... SELECT} takes the copy's AUTO_INCREMENT table lock, and holds it to
     * the statement's end, a chunk must never wait for a lock while it holds it: the application's writes
     * need that lock too, since their carry triggers insert into the copy, and a writer that holds a lock
     * the chunk waits for (the gap a carried delete locked in the copy, say) and then waits for the
     * AUTO_INCREMENT lock closes a deadlock, which the server settles by failing the smaller transaction,
     * the application's. On MariaDB a chunk's writes so run without waiting for a lock at all: one that
     * would wait fails at once, and the chunk is rolled back and tried again ({@link BackfillCopier}), the
     * application's transaction going first. Where the application writes the rows being copied, that
     * would fail chunk after chunk: for {@link #LOCK_FIRST_AFTER_CONFLICT} after one gave way, a chunk's
     * rows are locked first ({@link CopySql#lockChunk}), waiting for their writers before the
     * AUTO_INCREMENT lock is taken; when the application leaves them alone, that scan of the chunk more
     * (about a sixth of a chunk's time) is left out. MySQL cannot make a statement give way so: there the
     * rows are always locked first, which still leaves a chunk waiting on the copy's gaps. Either way the
     * application's inserts wait for a chunk at a time, and those of several rows hold that lock (taken at
     * their first row) while their next row may wait for another writer, who may wait for the lock: a
     * deadlock between two application writes that no chunk can prevent; hence the warning. For a target
     * whose values the table held before the carry triggers existed (new code wrote them) the rows are
     * always locked first too (their count of values decides the statements); read once, after the
     * triggers, since the triggers carry every value written later.
     */
    static CopyChunks of(StepContext context, CopySql sql, List<ColumnInfo> columns) throws SQLException {
        boolean autoIncrementLocked = autoIncrementLocked(context.connection(), columns);
        boolean mariaDb = ServerFlavor.isMariaDb(context);
        if (autoIncrementLocked) {
            LOG.warn("{}: under innodb_autoinc_lock_mode {} each chunk of the copy holds the copy's AUTO_INCREMENT table"
                    + " lock while it runs, and the application's inserts and deletes on {} (carried into the copy) wait for it; {}"
                    + " Set innodb_autoinc_lock_mode=2 (MySQL 8's default; Galera requires it; use it with"
                    + " binlog_format=ROW), or give the operation strategy: in_place",
                    sql.copy(), autoIncrementLockMode(context.connection()), sql.table(), mariaDb
                            ? "the chunks give way to the application, but a multi-row insert that waited so can still,"
                            + " rarely, deadlock with another write."
                            : "MySQL cannot make a chunk give way instead of waiting: an application's write may fail"
                            + " with a deadlock.");
        }
        boolean givesWay = autoIncrementLocked && mariaDb;
        boolean targetHeld = sql.kind().keepsHeldValues() && !Jdbc.rows(context.connection(), sql.targetHeld()).isEmpty();
        return new CopyChunks(context.connection(), sql, autoIncrementLocked, autoIncrementLocked && !mariaDb || targetHeld,
                targetHeld, givesWay ? CopySql::withoutLockWait : UnaryOperator.identity(), mariaDb);
    }

    /**
     * Whether a chunk's {@code INSERT ... SELECT} into the copy of a table with {@code columns} holds the
     * copy's AUTO_INCREMENT lock to its end, read on {@code c}: where a column is AUTO_INCREMENT, under
     * {@code innodb_autoinc_lock_mode} 0 and 1 (MariaDB's default), not under 2 (MySQL 8's default), which
     * hands out values without it.
     */
    static boolean autoIncrementLocked(Connection c, List<ColumnInfo> columns) throws SQLException {
        return columns.stream().anyMatch(ColumnInfo::isAutoIncrement) && autoIncrementLockMode(c) < 2;
    }

    private static int autoIncrementLockMode(Connection c) throws SQLException {
        return Integer.parseInt(Jdbc.rows(c, "SELECT @@innodb_autoinc_lock_mode").get(0).get(0));
    }

    /** The same chunks on another connection (a verification running beside the copy, another writer). */
    CopyChunks on(Connection other) {
        return new CopyChunks(other, sql, autoIncrementLocked, lockFirst, targetHeldBefore, writing, evaluatingExpression);
    }

    /**
     * How many connections write the chunks at once: {@link dev.tandem.spi.DdlPolicy#copyThreads}, but one
     * where each chunk holds the copy's AUTO_INCREMENT table lock to its end: the writers would take turns at
     * it (on MariaDB, where a chunk gives way instead of waiting, each would fail the other's chunks).
     */
    int writers(StepContext context, String where) {
        int writers = writers(context.ddlPolicy().copyThreads(), autoIncrementLocked);
        LOG.debug("{}: the copy {} {}", where, sql.copy(), writersNote(context.ddlPolicy().copyThreads(), autoIncrementLocked));
        return writers;
    }

    /** How many of {@code copyThreads} connections write a copy's chunks, as {@link #writers(StepContext, String)} says. */
    static int writers(int copyThreads, boolean autoIncrementLocked) {
        return autoIncrementLocked ? 1 : copyThreads;
    }

    /** Who writes a copy's chunks, and why, for a person ({@code tandem plan}, the log). */
    static String writersNote(int copyThreads, boolean autoIncrementLocked) {
        int writers = writers(copyThreads, autoIncrementLocked);
        if (writers < copyThreads) {
            return "written by one connection, not " + copyThreads + ": each chunk holds the copy's AUTO_INCREMENT table lock"
                    + " under innodb_autoinc_lock_mode below 2";
        }
        return writers == 1 ? "written by one connection" : "written by " + writers + " connections at once";
    }

    @Override
    public int write(BackfillChunker.Chunk chunk) throws SQLException {
        return noticingConflicts(() -> run(sql.copyChunk(chunk.cursor(), lockedFirst(chunk, targetHeldBefore)).stream()
                .map(writing).toList(), chunk));
    }

    /**
     * First the chunk's checksums on both sides (in the verification's transaction, so one read view sees
     * both tables; two range scans, no row looked up): the same rows and hashes, no wrong target, and no
     * value the table holds for the copy to keep that the copy does not (looked up only for the rows that
     * hold one), and the chunk is right. Else the rows are counted one by one, each count one statement (a
     * checksum can differ because the server gave each statement its own read view, under READ COMMITTED).
     */
    @Override
    public long rejected(BackfillChunker.Chunk chunk) throws SQLException {
        List<String> table = row(sql.checksumTable(chunk.cursor(), evaluatingExpression), chunk);
        if (evaluatingExpression) {
            refuseValueNotMade(chunk);
        }
        List<String> copy = row(sql.checksumCopy(chunk.cursor()), chunk);
        boolean same = table.get(0).equals(copy.get(0)) && table.get(1).equals(copy.get(1)) && "0".equals(copy.get(2))
                && (sql.kind() == BackfillSql.Kind.SYNCED || "0".equals(table.get(2))
                || count(sql.countHeldDiffer(chunk.cursor()), chunk) == 0);
        return same ? 0 : count(sql.countWrong(chunk.cursor()), chunk) + count(sql.countMissing(chunk.cursor()), chunk);
    }

    @Override
    public long rejectedButNewCodesNulls(BackfillChunker.Chunk chunk) throws SQLException {
        return count(sql.countWrongButNewCodesNulls(chunk.cursor()), chunk) + count(sql.countMissing(chunk.cursor()), chunk);
    }

    /**
     * Fails the verification where the expression warned, in the chunk's first look, of a value it could not
     * make: the copy holds what the server made of it, and is not swapped in.
     */
    private void refuseValueNotMade(BackfillChunker.Chunk chunk) throws SQLException {
        Optional<String> warning = ValueWarnings.ofLastStatement(connection);
        if (warning.isPresent()) {
            throw new SQLException("the expression (" + sql.expression() + ") gives a row of " + sql.table() + " between keys "
                    + (chunk.cursor() == null ? "its first" : chunk.cursor()) + " and " + chunk.upper() + " a value it cannot"
                    + " make (" + warning.get() + "). MariaDB's INSERT ... SELECT wrote what it made of it without an"
                    + " error, where an update in place fails, so the copy is not swapped in. Roll back, then fix those"
                    + " rows or say in 'up' what such values become, and start again");
        }
    }

    @Override
    public List<String> examples(BackfillChunker.Chunk chunk, int limit) throws SQLException {
        List<String> examples = new ArrayList<>();
        for (String key : keys(sql.sampleWrong(chunk.cursor(), limit), chunk)) {
            examples.add("key (" + key + "): the copy holds another row than the table, or a target the expression does"
                    + " not give");
        }
        if (examples.size() < limit) {
            for (String key : keys(sql.sampleMissing(chunk.cursor(), limit - examples.size()), chunk)) {
                examples.add("key (" + key + "): missing from the copy");
            }
        }
        return examples;
    }

    @Override
    public int repair(BackfillChunker.Chunk chunk) throws SQLException {
        // A repair rewrites the values the table holds as well, whoever wrote them: the copy may hold one wrong.
        int written = noticingConflicts(() -> run(sql.recopyChunk(chunk.cursor(), lockedFirst(chunk, true)).stream()
                .map(writing).toList(), chunk));
        try (PreparedStatement gone = sql.key().statement(connection, sql.deleteGone(chunk.cursor()), chunk.cursor(),
                chunk.upper())) {
            return written + gone.executeUpdate();
        }
    }

    /**
     * Locks the chunk's rows first where that is due (see {@link #of}); returns whether a row of the chunk
     * holds a value in the target that the statements must copy, as far as that tells ({@code unlockedAnswer}
     * when they were not locked first).
     */
    private boolean lockedFirst(BackfillChunker.Chunk chunk, boolean unlockedAnswer) throws SQLException {
        if (lockFirst || gaveWay && System.nanoTime() - gaveWayAt < LOCK_FIRST_AFTER_CONFLICT.toNanos()) {
            return count(sql.lockChunk(chunk.cursor()), chunk) > 0;
        }
        return unlockedAnswer;
    }

    /** Runs {@code write}; when it gave way to the application, the next chunks lock their rows first for a while. */
    private int noticingConflicts(GivingWay.Work<Integer> write) throws SQLException {
        try {
            return write.run();
        } catch (SQLException e) {
            if (OnlineDdl.isLockConflict(e)) {
                gaveWay = true;
                gaveWayAt = System.nanoTime();
            }
            throw e;
        }
    }

    @Override
    public String advice() {
        return "the copy is not swapped in. Check the expression (" + sql.expression() + ") for values the column cannot"
                + " hold; roll back to drop the copy";
    }

    @Override
    public List<String> otherTables() {
        return List.of(Identifiers.quote(sql.copy()));
    }

    private int run(List<String> statements, BackfillChunker.Chunk chunk) throws SQLException {
        int written = 0;
        for (String statement : statements) {
            try (PreparedStatement s = sql.key().statement(connection, statement, chunk.cursor(), chunk.upper())) {
                written += s.executeUpdate();
            }
        }
        return written;
    }

    private List<String> row(String statement, BackfillChunker.Chunk chunk) throws SQLException {
        List<String> row = new ArrayList<>();
        try (PreparedStatement s = sql.key().statement(connection, statement, chunk.cursor(), chunk.upper());
             ResultSet rs = s.executeQuery()) {
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
        }
        return row;
    }

    private long count(String statement, BackfillChunker.Chunk chunk) throws SQLException {
        try (PreparedStatement s = sql.key().statement(connection, statement, chunk.cursor(), chunk.upper());
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> keys(String statement, BackfillChunker.Chunk chunk) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (PreparedStatement s = sql.key().statement(connection, statement, chunk.cursor(), chunk.upper());
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }
}
