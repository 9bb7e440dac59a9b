package dev.tandem.mysql.internal.bench;

import dev.tandem.testing.TestDatabase;
import java.util.List;

/**
 * How long the application waits on a table while a DDL that a change runs on it holds the table, with
 * InnoDB's adaptive hash index on and off: a statement that makes InnoDB load the table's definition
 * anew first drops the table's entries from the hash index, record by record, while it holds the table's
 * metadata lock, and every request on the table queues behind it. Each statement runs on a table just
 * loaded (its inserts fill the hash index, as a table in use fills it) under {@link OltpLoad}, and the line
 * tells how long it took and the slowest requests around it.
 * <p>
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl mysql exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tandem.mysql.internal.bench.HashIndexStallBenchmark} (optional {@code -Dexec.args="<rows>"},
 * default 3000000).
 */
public final class HashIndexStallBenchmark {

    /** The statements a copy-based change runs on its table: the expand's, a carry trigger's, the swap's. */
    private static final List<String> STATEMENTS = List.of(
            "ALTER TABLE t ADD COLUMN display VARCHAR(200) NULL, ALGORITHM=INSTANT",
            "CREATE TRIGGER t_carry AFTER DELETE ON t FOR EACH ROW DELETE FROM base WHERE id = -OLD.id",
            "RENAME TABLE t TO t_old, t_new TO t");
    private static final long LOAD_BEFORE_MS = 5_000;
    private static final long AFTER_MS = 1_000;

    private HashIndexStallBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        List<String> report = DurableServers.measureEach(server -> {
            StringBuilder lines = new StringBuilder();
            try (TestDatabase db = TestDatabase.create(server)) {
                BackfillBenchmark.createBase(db, rows);
                for (String hashIndex : List.of("ON", "OFF")) {
                    for (String statement : STATEMENTS) {
                        String line = String.format("%s, %,d rows, innodb_adaptive_hash_index %s: %s", server.label(),
                                rows, hashIndex, measure(db, rows, hashIndex, statement));
                        System.out.println(line);
                        lines.append(line).append('\n');
                    }
                }
                db.execute("SET GLOBAL innodb_adaptive_hash_index = ON");
            }
            return lines.toString();
        });
        System.out.println();
        report.forEach(System.out::print);
    }

    /** {@code statement} on a freshly loaded {@code t} under load: its time, and the slowest requests around it. */
    private static String measure(TestDatabase db, int rows, String hashIndex, String statement) throws Exception {
        db.execute("DROP TABLE IF EXISTS t, t_old, t_new", "SET GLOBAL innodb_adaptive_hash_index = " + hashIndex,
                "CREATE TABLE t LIKE base", "CREATE TABLE t_new LIKE base", "INSERT INTO t SELECT * FROM base", "ANALYZE TABLE t");
        try (OltpLoad load = OltpLoad.start(db.newDataSource(), "t", rows)) {
            Thread.sleep(LOAD_BEFORE_MS);
            long from = System.nanoTime();
            db.execute(statement);
            long to = System.nanoTime();
            Thread.sleep(AFTER_MS);
            return String.format("%.0f ms: %s; the slowest requests due from its start to a second after it (ms from"
                    + " its start: latency ms): %s", (to - from) / 1e6, statement, load.slowest(from, to + AFTER_MS * 1_000_000, 3));
        }
    }
}
