package dev.tandem.examples.rollout;

import dev.tandem.BackfillProgress;
import dev.tandem.GateRefusedException;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.TandemListener;
import dev.tandem.examples.accounts.Account;
import dev.tandem.examples.accounts.AccountsV1;
import dev.tandem.examples.accounts.AccountsV2;
import dev.tandem.examples.accounts.AccountsV3;
import dev.tandem.testing.ForcedCopy;
import dev.tandem.testing.TestDatabase;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The rolling deploy of the accounts service, v1 → v2 → v3, under load: three v1 nodes serve; they
 * are replaced one by one by v2 nodes (the first one's startup expands and backfills while the others
 * serve); a contract attempt while a v1 node lives is refused; the last v1 node drains; v3 nodes
 * replace the v2 nodes and the first one's deploy contracts. Each version's code writes and reads in
 * the SQL forms real code uses ({@link Traffic}); every read is checked against the ledger of
 * acknowledged writes, and at the end every acknowledged write (deletes too) against the table.
 */
public final class RollingDeploy {

    static final Node.AppVersion V1 = new Node.AppVersion("1.0.0", List.of("classpath:db/accounts/v1"), AccountsV1::new,
            false);
    static final Node.AppVersion V2 = new Node.AppVersion("2.0.0",
            List.of("classpath:db/accounts/v1", "classpath:db/accounts/v2"), AccountsV2::new, false);
    /**
     * v3 ships v2's scripts, nothing new. Its data access needs the contracted schema (BIGINT
     * balances), so its deploy contracts before it serves, and fails to start if the gate is shut.
     */
    static final Node.AppVersion V3 = new Node.AppVersion("3.0.0", V2.locations(), AccountsV3::new, true);

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private RollingDeploy() {
    }

    /**
     * Where the service's database is: how to configure a Tandem for it, and what to call it in the
     * output (never with the password).
     */
    public record Database(String description, Supplier<TandemConfiguration> configuration) {

        /**
         * A configuration for this database: {@link #configuration}'s, with the copy-based backfill forced
         * when {@code TANDEM_TEST_COPY_EXPAND_THRESHOLD} says so ({@link ForcedCopy}; docs/testing.md).
         */
        TandemConfiguration configure() {
            TandemConfiguration configured = configuration.get();
            ForcedCopy.threshold().ifPresent(configured::copyExpandThreshold);
            return configured;
        }

        /**
         * A database of the test bed (the demo's embedded server, the tests' servers), its default
         * character set made latin1 before the first migration: the tables say utf8mb4, so whatever
         * falls back to the schema's default instead (a trigger's text variables declared without a
         * character set, a table created without one) fails or mangles the traffic's non-ASCII names.
         */
        public static Database ofTestBed(TestDatabase db) throws SQLException {
            db.execute("ALTER DATABASE `" + db.name() + "` CHARACTER SET latin1");
            return new Database(db + " (default character set latin1, tables utf8mb4)",
                    () -> Tandem.configure().url(db.url()).user(db.user()).password(db.password()));
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * How big the run is: rows that exist before the deploy (the backfill's work), how long each phase
     * serves traffic, and the load per node.
     */
    public record Settings(int seedRows, Duration phaseLength, int threadsPerNode, int requestsPerSecondPerThread,
                           PrintStream out) {

        /** The demo's default: a few minutes on a laptop. */
        public static Settings demo(PrintStream out) {
            return new Settings(100_000, Duration.ofSeconds(8), 2, 40, out);
        }
    }

    /**
     * What the run saw, per phase, whether the contract gate held, the tables v2's backfills built as a copy
     * (their old tables, kept until the contract: none unless a table reaches copyExpandThreshold), and the
     * final check of every acknowledged write.
     */
    public record Report(List<PhaseStats> phases, boolean contractRefusedWhileV1Lived, List<String> copiedTables,
                         WriteCheck writes) {

        public long requests() {
            return phases.stream().mapToLong(p -> p.requests.get()).sum();
        }

        public long errors() {
            return phases.stream().mapToLong(p -> p.errors.get()).sum();
        }

        public long wrongReads() {
            return phases.stream().mapToLong(p -> p.wrongReads.get()).sum();
        }

        public long checked() {
            return writes.checked();
        }

        public long deletes() {
            return writes.deletes();
        }

        public long lost() {
            return writes.lost();
        }

        public long mismatched() {
            return writes.mismatched();
        }

        public long unacknowledged() {
            return writes.unacknowledged();
        }

        /** Requests of the whole run by app version and SQL form, e.g. "1.0.0 REPLACE", in that order. */
        public Map<String, Long> requestsByForm() {
            Map<String, Long> total = new TreeMap<>();
            phases.forEach(p -> p.byForm.forEach((form, count) -> total.merge(form, count.sum(), Long::sum)));
            return total;
        }

        /**
         * Zero errors, zero wrong reads, nothing lost, mismatched or unaccounted for, and the gate held; and the run
         * measured something: requests in every phase (a node whose requests all hung through one would show none,
         * and no error), and deletes among the writes checked.
         */
        public boolean clean() {
            return errors() == 0 && wrongReads() == 0 && writes.clean() && contractRefusedWhileV1Lived
                    && phases.stream().allMatch(p -> p.requests.get() > 0) && deletes() > 0;
        }

        public String render() {
            StringBuilder out = new StringBuilder("\nRolling deploy report\n");
            for (PhaseStats phase : phases) {
                out.append("  ").append(phase).append('\n');
                phase.problems().forEach(p -> out.append("    ! ").append(p).append('\n'));
            }
            out.append(String.format("  total: %d requests, %d errors, %d wrong reads%n", requests(), errors(), wrongReads()));
            out.append("  requests by app version and form:\n");
            requestsByForm().forEach((form, count) -> out.append(String.format("    %-50s %7d%n", form, count)));
            out.append(String.format("  contract refused while a v1 node lived: %s%n", contractRefusedWhileV1Lived ? "yes" : "NO"));
            out.append(String.format("  backfills done as a copy (the old tables before the contract): %d %s%n",
                    copiedTables.size(), copiedTables));
            out.append(writes.render("the table"));
            out.append(clean() ? "  RESULT: PASS - zero errors, zero wrong reads, zero lost writes\n"
                    : "  RESULT: FAIL\n");
            return out.toString();
        }
    }

    public static Report run(Database db, Settings settings) throws Exception {
        PrintStream out = settings.out();
        Ledger ledger = new Ledger();
        List<PhaseStats> phases = new ArrayList<>();
        AtomicReference<PhaseStats> current = new AtomicReference<>(new PhaseStats("setup"));
        Map<String, Node> nodes = new LinkedHashMap<>();
        boolean refused = false;
        List<String> copied = List.of();
        Thread progress = progressPrinter(current, out);
        try {
            out.printf("Database: %s. Seeding %,d customers the way v1 stores them...%n", db, settings.seedRows());
            seed(db, settings.seedRows(), ledger);

            begin(phases, current, out, "1. v1 x3 serve");
            for (String name : List.of("v1-a", "v1-b", "v1-c")) {
                nodes.put(name, start(name, V1, db, ledger, current, settings));
            }
            serve(settings);

            begin(phases, current, out, "2. v2-a replaces v1-a: expand+backfill");
            replace(nodes, "v1-a", "v2-a", V2, db, ledger, current, settings);
            serve(settings);

            begin(phases, current, out, "3. v2-b replaces v1-b");
            replace(nodes, "v1-b", "v2-b", V2, db, ledger, current, settings);
            serve(settings);

            begin(phases, current, out, "4. contract attempt, v1-c alive");
            try {
                List<String> contracted = nodes.get("v2-a").tandem.contract();
                current.get().note("CONTRACT WAS NOT REFUSED: contracted " + contracted);
            } catch (GateRefusedException e) {
                refused = true;
                current.get().note("refused, as it must be: " + String.join("; ", e.reasons()));
                out.println("   contract refused: " + String.join("; ", e.reasons()));
            }
            serve(settings);

            begin(phases, current, out, "5. v2-c replaces v1-c (v1 drained)");
            replace(nodes, "v1-c", "v2-c", V2, db, ledger, current, settings);
            serve(settings);

            copied = copiedTables(nodes.get("v2-c"));
            begin(phases, current, out, "6. v3-a replaces v2-a: contract");
            replace(nodes, "v2-a", "v3-a", V3, db, ledger, current, settings);
            serve(settings);

            begin(phases, current, out, "7. v3-b, v3-c replace v2-b, v2-c");
            replace(nodes, "v2-b", "v3-b", V3, db, ledger, current, settings);
            replace(nodes, "v2-c", "v3-c", V3, db, ledger, current, settings);
            serve(settings);
        } finally {
            for (Node node : nodes.values()) {
                node.close();
            }
            progress.interrupt();
        }
        return finalCheck(db, ledger, phases, refused, copied, out);
    }

    static void begin(List<PhaseStats> phases, AtomicReference<PhaseStats> current, PrintStream out, String name) {
        PhaseStats phase = new PhaseStats(name);
        phases.add(phase);
        current.set(phase);
        out.println("== " + name);
    }

    static void serve(Settings settings) throws InterruptedException {
        Thread.sleep(settings.phaseLength().toMillis());
    }

    static Node start(String name, Node.AppVersion version, Database db, Ledger ledger,
                      AtomicReference<PhaseStats> current, Settings settings) {
        long started = System.nanoTime();
        Map<String, BackfillProgress> backfills = new LinkedHashMap<>();
        TandemListener listener = new TandemListener() {
            @Override
            public void backfillProgress(BackfillProgress progress) {
                synchronized (backfills) {
                    backfills.put(progress.version() + " " + progress.target(), progress);
                }
            }
        };
        Node node = Node.start(name, version, db, ledger, current::get, settings, listener);
        if (!node.contracted.isEmpty()) {
            current.get().note(name + "'s deploy contracted migrations " + node.contracted);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long rows;
        synchronized (backfills) {
            rows = backfills.values().stream().filter(BackfillProgress::verified).mapToLong(BackfillProgress::rowsDone).sum();
        }
        // The rows of every column backfilled added up (a row of a table with three new columns counts thrice), and the
        // start's whole time, its expand included: no backfill's own rate (the log line of each has it).
        String what = rows > 0 ? String.format("%s started in %.1f s (its expand and %d backfill(s), %,d rows filled and"
                        + " verified in all) while the other nodes served", name, seconds, backfills.size(), rows)
                : String.format("%s started in %.1f s", name, seconds);
        current.get().note(what);
        settings.out().println("   " + what);
        return node;
    }

    private static void replace(Map<String, Node> nodes, String old, String name, Node.AppVersion version, Database db,
                                Ledger ledger, AtomicReference<PhaseStats> current, Settings settings) throws Exception {
        nodes.remove(old).close();
        settings.out().println("   " + old + " drained and stopped");
        nodes.put(name, start(name, version, db, ledger, current, settings));
    }

    /** Customers that exist before the deploy, written as v1 writes them, and known to the ledger. */
    static void seed(Database db, int rows, Ledger ledger) throws Exception {
        try (Tandem tandem = db.configure().appVersion(V1.appVersion()).locations(V1.locations().toArray(String[]::new)).load()) {
            tandem.start();
            String digits = "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                    + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
            try (Connection c = tandem.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO customers (id, name, email, balance_cents) SELECT n, CONCAT('Seed', n, ' Person', n),"
                        + " CONCAT('seed', n, '@example.com'), n FROM (SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d"
                        + " + 10000 * f.d + 100000 * g.d AS n FROM " + digits + " a, " + digits + " b, " + digits + " c, "
                        + digits + " e, " + digits + " f, " + digits + " g) x WHERE n <= " + rows);
            }
        }
        for (long n = 1; n <= rows; n++) {
            ledger.put(n, new Account("Seed" + n, "Person" + n, "seed" + n + "@example.com", n, Account.DEFAULT_STATUS));
        }
    }

    /** Every acknowledged write read back through v3's code, and every row of the table accounted for. */
    private static Report finalCheck(Database db, Ledger ledger, List<PhaseStats> phases, boolean refused,
                                     List<String> copiedTables, PrintStream out) throws Exception {
        out.println("== final check: every acknowledged write against the table");
        try (Tandem tandem = db.configure().appVersion(V3.appVersion()).locations(V3.locations().toArray(String[]::new)).load()) {
            tandem.start();
            return new Report(List.copyOf(phases), refused, copiedTables, WriteCheck.of(V3.accounts().apply(tandem.dataSource()), ledger));
        }
    }

    /** The old tables of the backfills that copied their table, which stay until the contract. */
    private static List<String> copiedTables(Node node) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = node.tandem.dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                     + " AND table_name LIKE '\\_tandem\\_%\\_old' ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    static Thread progressPrinter(AtomicReference<PhaseStats> current, PrintStream out) {
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(PROGRESS_EVERY.toMillis());
                    PhaseStats p = current.get();
                    out.printf("   ... %s: %d requests, %d errors, %d wrong reads%n", p.name, p.requests.get(),
                            p.errors.get(), p.wrongReads.get());
                }
            } catch (InterruptedException e) {
                // the run is over
            }
        }, "rollout-progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
