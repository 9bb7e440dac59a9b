package dev.tandem.mysql.internal.bench;

import dev.tandem.Tandem;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Tandem's sync triggers cost the application's writes: single-row INSERTs and UPDATEs by an old
 * writer (untagged session), 1,000 per transaction, on three tables of the same shape, measured in
 * interleaved rounds in one run:
 * <ul>
 *   <li>{@code t_none}: no trigger;</li>
 *   <li>{@code t_minimal}: a hand-written two-branch sync trigger ({@code IF @tag IS NULL THEN SET
 *       NEW.b = NEW.a; ELSE SET NEW.a = NEW.b; END IF});</li>
 *   <li>{@code t_tandem}: Tandem's triggers, from a {@code rename_column} migration.</li>
 * </ul>
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl mysql exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tandem.mysql.internal.bench.TriggerOverheadBenchmark} (optional {@code -Dexec.args="<rows per round>
 * <rounds>"}, default 10000 5: 50,000 rows per table and statement kind).
 */
public final class TriggerOverheadBenchmark {

    private TriggerOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rowsPerRound = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> tables = List.of("t_none", "t_minimal", "t_tandem");
        System.out.printf("Single-row writes by an old writer, 1,000 per transaction, %d rows x %d rounds per table%n",
                rowsPerRound, rounds);
        System.out.println("| server | statement | no trigger rows/s | minimal trigger rows/s | Tandem rows/s"
                + " | Tandem's time / none's | Tandem's time / minimal's |");
        System.out.println("|---|---|---|---|---|---|---|");
        try {
            for (DatabaseServer server : TestServers.configured()) {
                TestServers.started(server);
                try (TestDatabase db = TestDatabase.create(server)) {
                    prepare(db);
                    Map<String, long[]> insertNanos = new LinkedHashMap<>();
                    Map<String, long[]> updateNanos = new LinkedHashMap<>();
                    tables.forEach(t -> insertNanos.put(t, new long[1]));
                    tables.forEach(t -> updateNanos.put(t, new long[1]));
                    try (Connection c = db.connection()) {
                        for (int round = 0; round < rounds; round++) {
                            for (String table : tables) {
                                insertNanos.get(table)[0] += insert(c, table, round * rowsPerRound, rowsPerRound);
                            }
                        }
                        for (int round = 0; round < rounds; round++) {
                            for (String table : tables) {
                                updateNanos.get(table)[0] += update(c, table, round * rowsPerRound, rowsPerRound, round);
                            }
                        }
                    }
                    report(server, "INSERT", insertNanos, (long) rowsPerRound * rounds);
                    report(server, "UPDATE", updateNanos, (long) rowsPerRound * rounds);
                }
            }
        } finally {
            TestServers.stopAll();
        }
    }

    private static void prepare(TestDatabase db) throws Exception {
        String shape = " (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(100) NULL)";
        db.execute("CREATE TABLE t_none" + shape, "ALTER TABLE t_none ADD COLUMN full_name VARCHAR(100) NULL INVISIBLE",
                "CREATE TABLE t_minimal" + shape, "ALTER TABLE t_minimal ADD COLUMN full_name VARCHAR(100) NULL INVISIBLE");
        for (String event : List.of("INSERT", "UPDATE")) {
            db.execute("CREATE TRIGGER t_minimal_" + event.toLowerCase() + " BEFORE " + event + " ON t_minimal FOR EACH ROW"
                    + " BEGIN IF @tandem_version IS NULL THEN SET NEW.full_name = NEW.name;"
                    + " ELSE SET NEW.name = NEW.full_name; END IF; END");
        }
        Path scripts = Files.createTempDirectory("tandem-bench-");
        Files.writeString(scripts.resolve("V1__t.sql"), "CREATE TABLE t_tandem" + shape + ";\n");
        Files.writeString(scripts.resolve("V2__rename.yaml"),
                "operations:\n  - rename_column:\n      table: t_tandem\n      from: name\n      to: full_name\n");
        try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                .locations("filesystem:" + scripts).load()) {
            tandem.start();
        }
    }

    private static long insert(Connection c, String table, int firstId, int rows) throws Exception {
        c.setAutoCommit(false);
        long started = System.nanoTime();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (id, name, email) VALUES (?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                s.setLong(1, firstId + i);
                s.setString(2, "Customer " + (firstId + i));
                s.setString(3, "c" + (firstId + i) + "@example.com");
                s.executeUpdate();
                if ((i + 1) % 1000 == 0) {
                    c.commit();
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
        return System.nanoTime() - started;
    }

    private static long update(Connection c, String table, int firstId, int rows, int round) throws Exception {
        c.setAutoCommit(false);
        long started = System.nanoTime();
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET name = ? WHERE id = ?")) {
            for (int i = 0; i < rows; i++) {
                s.setString(1, "Renamed " + round + " " + (firstId + i));
                s.setLong(2, firstId + i);
                s.executeUpdate();
                if ((i + 1) % 1000 == 0) {
                    c.commit();
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
        return System.nanoTime() - started;
    }

    private static void report(DatabaseServer server, String statement, Map<String, long[]> nanos, long rows) {
        double none = rows / (nanos.get("t_none")[0] / 1e9);
        double minimal = rows / (nanos.get("t_minimal")[0] / 1e9);
        double tandem = rows / (nanos.get("t_tandem")[0] / 1e9);
        System.out.printf("| %s | %s | %.0f | %.0f | %.0f | %.2fx | %.2fx |%n", server.label(), statement, none, minimal, tandem,
                none / tandem, minimal / tandem);
    }

}
