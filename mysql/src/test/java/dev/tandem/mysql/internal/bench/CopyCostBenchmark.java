package dev.tandem.mysql.internal.bench;

import dev.tandem.testing.TestDatabase;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Where a copy-based expand's time goes: the statements of one copy of {@link BackfillBenchmark}'s table
 * (same rows, same durable server, same change), each kind run alone over the whole table in chunks of
 * {@link #CHUNK} rows, as a plain loop with no Tandem around it, then the copy and its verification at
 * once as Tandem runs them (the verification one chunk behind, on a second connection):
 * <ul>
 *   <li>pt-online-schema-change's chunk: {@code INSERT LOW_PRIORITY IGNORE ... SELECT ... LOCK IN SHARE
 *       MODE}, the new column left NULL;</li>
 *   <li>Tandem's chunk of an {@code add_column}: the chunk's rows locked and their values counted, then
 *       {@code INSERT ... SELECT} with the column computed ({@code CopySql.copyChunk});</li>
 *   <li>Tandem's verification of a chunk: the table's checksum and the copy's ({@code CopySql.checksumTable},
 *       {@code checksumCopy}: an MD5 per row, XORed);</li>
 *   <li>Tandem's copy by two connections at once, each over its half of the key range (as {@code copyThreads(2)}
 *       writes it), alone and with the verification beside them; pt-osc's copy once more after it, since the
 *       machine's pace drifts over a run;</li>
 *   <li>the alternatives measured and not taken: the table's rows counted, and the copy's rows joined to the
 *       table's by key and compared column by column ({@code CopySql.countWrong}'s shape); and the rows of
 *       both sides sent to the client, which hashes them (an MD5 of each row's values, each with its length,
 *       XORed), alone and beside two copiers.</li>
 * </ul>
 * The statements are written out here in the shape {@code CopySql} gives them for this table.
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl mysql exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tandem.mysql.internal.bench.CopyCostBenchmark -Dexec.args="1000000"}.
 */
public final class CopyCostBenchmark {

    /** About the rows of Tandem's chunk at its default 200 ms target on this machine. */
    private static final int CHUNK = 25_000;
    private static final String COLUMNS = "id, name, email, amount, display";
    private static final String RANGE = " FORCE INDEX (PRIMARY) WHERE id > %d AND id <= %d";
    private static final String PT_OSC_CHUNK = "INSERT LOW_PRIORITY IGNORE INTO %s (" + COLUMNS + ") SELECT " + COLUMNS
            + " FROM t" + RANGE + " LOCK IN SHARE MODE";
    private static final String TANDEM_LOCK = "SELECT COUNT(display) FROM t" + RANGE + " LOCK IN SHARE MODE";
    private static final String TANDEM_CHUNK = "INSERT INTO %1$s (" + COLUMNS + ") SELECT id, name, email, amount, ("
            + BackfillBenchmark.UP + ") FROM t FORCE INDEX (PRIMARY) WHERE id > %2$d AND id <= %3$d AND display IS NULL LOCK IN SHARE MODE"
            + " ON DUPLICATE KEY UPDATE %1$s.display = IF(%1$s.display IS NULL, VALUES(display), %1$s.display)";
    private static final String ROW_HASH = "COALESCE(BIT_XOR(CAST(CONV(LEFT(MD5(CONCAT_WS(0x23, CAST(id AS BINARY),"
            + " CAST(name AS BINARY), CAST(email AS BINARY), CAST(amount AS BINARY), CONCAT_WS(',', LENGTH(name),"
            + " LENGTH(email)))), 16), 16, 10) AS UNSIGNED)), 0)";
    private static final String CHECKSUM_TABLE = "SELECT COUNT(*), " + ROW_HASH + ", COUNT(display) FROM t" + RANGE;
    private static final String CHECKSUM_COPY = "SELECT COUNT(*), " + ROW_HASH + ", COALESCE(SUM(CASE WHEN (display IS NULL"
            + " AND (" + BackfillBenchmark.UP + ") IS NOT NULL) THEN 1 ELSE 0 END), 0) FROM %s" + RANGE;
    private static final String ROWS_TABLE = "SELECT id, name, email, amount FROM t" + RANGE;
    private static final String ROWS_COPY = "SELECT id, name, email, amount, (display IS NULL AND (" + BackfillBenchmark.UP
            + ") IS NOT NULL) FROM %s" + RANGE;
    private static final String COUNT_TABLE = "SELECT COUNT(*) FROM t" + RANGE;
    private static final String COUNT_WRONG = "SELECT COUNT(*) FROM %1$s FORCE INDEX (PRIMARY) WHERE id > %2$d AND id <= %3$d AND ((%1$s.display IS NULL AND ("
            + BackfillBenchmark.UP + ") IS NOT NULL) OR NOT EXISTS (SELECT 1 FROM t o WHERE o.id = %1$s.id"
            + " AND CAST(o.name AS BINARY) <=> CAST(%1$s.name AS BINARY) AND CAST(o.email AS BINARY) <=> CAST(%1$s.email AS BINARY)"
            + " AND o.amount <=> %1$s.amount AND (o.display IS NULL OR CAST(o.display AS BINARY) <=> CAST(%1$s.display AS BINARY))))";

    private static int copyNumber;

    private CopyCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args.length > 0 ? args[0] : "1000000");
        List<String> report = DurableServers.measureEach(server -> {
            try (TestDatabase db = TestDatabase.create(server)) {
                String measured = measure(db, rows);
                System.out.print(measured);
                return measured;
            }
        });
        System.out.println();
        report.forEach(System.out::print);
    }

    private static String measure(TestDatabase db, int rows) throws Exception {
        BackfillBenchmark.createBase(db, rows);
        db.execute("RENAME TABLE base TO t", "ALTER TABLE t ADD COLUMN display VARCHAR(200) NULL", "ANALYZE TABLE t");
        double ptosc = copied(db, rows, "c_ptosc", CopyWay.PT_OSC);
        double tandem = copied(db, rows, "c_tandem", CopyWay.TANDEM_COUNTED);
        double uncounted = copied(db, rows, "c_uncounted", CopyWay.TANDEM_UNCOUNTED);
        double table = chunks(db, rows, (s, from, to) -> s.executeQuery(String.format(CHECKSUM_TABLE, from, to)).close());
        double copy = chunks(db, rows, (s, from, to) -> s.executeQuery(String.format(CHECKSUM_COPY, "c_tandem", from, to)).close());
        double together = copyAndVerify(db, rows, 1, CopyCostBenchmark::checksums);
        double two = copyAndVerify(db, rows, 2, null);
        double twoVerified = copyAndVerify(db, rows, 2, CopyCostBenchmark::checksums);
        double clientTable = chunks(db, rows, (s, from, to) -> hashedByClient(s, String.format(ROWS_TABLE, from, to)));
        double clientCopy = chunks(db, rows, (s, from, to) -> hashedByClient(s, String.format(ROWS_COPY, "c_tandem", from, to)));
        double twoClientVerified = copyAndVerify(db, rows, 2, CopyCostBenchmark::hashesByClient);
        double ptoscAgain = copied(db, rows, "c_ptosc2", CopyWay.PT_OSC);
        double countTable = chunks(db, rows, (s, from, to) -> s.executeQuery(String.format(COUNT_TABLE, from, to)).close());
        double countWrong = chunks(db, rows, (s, from, to) -> {
            try (ResultSet r = s.executeQuery(String.format(COUNT_WRONG, "c_tandem", from, to))) {
                r.next();
                if (r.getLong(1) != 0) {
                    throw new IllegalStateException(r.getLong(1) + " rows of the copy differ from the table's in " + from + ".." + to);
                }
            }
        });
        double million = 1e6 / rows;
        return String.format("%s, %,d rows, chunks of %,d; seconds per million rows, each alone:%n"
                        + "  pt-osc's copy %.2f s; Tandem's copy %.2f s (%.2fx pt-osc's rate), %.2f s without the locked count"
                        + " (%.2fx);"
                        + " its verification %.2f s (the table %.2f s, the copy %.2f s)%n"
                        + "  Tandem's copy and verification at once, as Tandem runs them: %.2f s, against %.2f s one after"
                        + " the other (%.2fx pt-osc's rate)%n"
                        + "  two copiers at once: %.2f s; with the verification beside them: %.2f s (%.2fx pt-osc's"
                        + " rate; pt-osc again: %.2f s)%n"
                        + "  a verification by join instead of checksums (not taken): %.2f s (the table's count %.2f s, the"
                        + " copy's rows joined to the table's %.2f s)%n"
                        + "  a verification hashed by the client (not taken): %.2f s (the table %.2f s, the copy %.2f s);"
                        + " two copiers with it beside them: %.2f s%n",
                db.server().label(), rows, CHUNK, ptosc * million, tandem * million, ptosc / tandem, uncounted * million,
                ptosc / uncounted, (table + copy) * million,
                table * million, copy * million, together * million, (tandem + table + copy) * million, ptosc / together,
                two * million, twoVerified * million, (ptosc + ptoscAgain) / 2 / twoVerified, ptoscAgain * million,
                (countTable + countWrong) * million, countTable * million, countWrong * million,
                (clientTable + clientCopy) * million, clientTable * million, clientCopy * million, twoClientVerified * million);
    }

    private interface ChunkStatement {
        void run(Statement s, long from, long to) throws Exception;
    }

    /** How the verification checks one chunk of the copy {@code copy} (on its own connection). */
    private interface ChunkVerification {
        void check(Statement s, String copy, long from, long to) throws Exception;
    }

    /** As Tandem does: the table's checksum and the copy's, each computed by the server. */
    private static void checksums(Statement s, String copy, long from, long to) throws Exception {
        s.executeQuery(String.format(CHECKSUM_TABLE, from, to)).close();
        s.executeQuery(String.format(CHECKSUM_COPY, copy, from, to)).close();
    }

    /** The alternative: both sides' rows sent to the client, which hashes them. */
    private static void hashesByClient(Statement s, String copy, long from, long to) throws Exception {
        hashedByClient(s, String.format(ROWS_TABLE, from, to));
        hashedByClient(s, String.format(ROWS_COPY, copy, from, to));
    }

    /** Streams the rows of {@code query} and returns the XOR of their hashes, what the verification would compare. */
    private static long hashedByClient(Statement on, String query) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
        long xor = 0;
        try (Statement s = on.getConnection().createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE); // Connector/J streams the rows
            try (ResultSet r = s.executeQuery(query)) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    for (int i = 1; i <= columns; i++) {
                        byte[] value = r.getBytes(i);
                        md5.update(length.putInt(0, value == null ? -1 : value.length).array());
                        if (value != null) {
                            md5.update(value);
                        }
                    }
                    xor ^= ByteBuffer.wrap(md5.digest()).getLong();
                }
            }
        }
        return xor;
    }

    /** How a chunk is copied: as pt-osc does, as Tandem does with its locked count first, or without it. */
    private enum CopyWay { PT_OSC, TANDEM_COUNTED, TANDEM_UNCOUNTED }

    /** Seconds a copy of {@code t} into a fresh {@code copy} takes, chunk by chunk, {@code way}. */
    private static double copied(TestDatabase db, int rows, String copy, CopyWay way) throws Exception {
        db.execute("CREATE TABLE " + copy + " LIKE t");
        return chunks(db, rows, (s, from, to) -> copyChunk(s, copy, way, from, to));
    }

    private static void copyChunk(Statement s, String copy, CopyWay way, long from, long to) throws Exception {
        if (way == CopyWay.PT_OSC) {
            s.executeUpdate(String.format(PT_OSC_CHUNK, copy, from, to));
        } else {
            if (way == CopyWay.TANDEM_COUNTED) {
                s.executeQuery(String.format(TANDEM_LOCK, from, to)).close();
            }
            s.executeUpdate(String.format(TANDEM_CHUNK, copy, from, to));
        }
        s.getConnection().commit();
    }

    /** Seconds {@code statement} takes over every chunk of {@code t}, one transaction per chunk. */
    private static double chunks(TestDatabase db, int rows, ChunkStatement statement) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            long started = System.nanoTime();
            for (long from = 0; from < rows; from += CHUNK) {
                statement.run(s, from, from + CHUNK);
                c.commit();
            }
            return (System.nanoTime() - started) / 1e9;
        }
    }

    /**
     * Seconds Tandem's copy takes with each committed chunk checked by {@code verification} (none when null)
     * beside it, on a connection of its own; the copy by {@code copiers} connections at once, each over its
     * share of the key range.
     */
    private static double copyAndVerify(TestDatabase db, int rows, int copiers, ChunkVerification verification)
            throws Exception {
        boolean verify = verification != null;
        String copy = "c_both_" + copiers + "_" + copyNumber++;
        db.execute("CREATE TABLE " + copy + " LIKE t");
        BlockingQueue<Long> committed = new LinkedBlockingQueue<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        Thread verifier = new Thread(() -> {
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (long from = committed.take(); from >= 0; from = committed.take()) {
                    verification.check(s, copy, from, from + CHUNK);
                    c.commit();
                }
            } catch (Exception e) {
                failures.add(e);
            }
        });
        long share = (rows / CHUNK + copiers - 1) / copiers * (long) CHUNK;
        List<Thread> copying = new ArrayList<>();
        for (int i = 0; i < copiers; i++) {
            long first = i * share;
            long last = Math.min(rows, first + share);
            copying.add(new Thread(() -> {
                try (Connection c = db.connection(); Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    for (long from = first; from < last; from += CHUNK) {
                        copyChunk(s, copy, CopyWay.TANDEM_UNCOUNTED, from, Math.min(last, from + CHUNK));
                        if (verify) {
                            committed.add(from);
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        long started = System.nanoTime();
        verifier.start();
        copying.forEach(Thread::start);
        for (Thread t : copying) {
            t.join();
        }
        committed.add(-1L);
        verifier.join();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
