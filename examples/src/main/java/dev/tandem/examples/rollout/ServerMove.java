package dev.tandem.examples.rollout;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.ComparisonReport;
import dev.tandem.CutoverResult;
import dev.tandem.MoveListener;
import dev.tandem.MoveOptions;
import dev.tandem.MoveStatus;
import dev.tandem.Tandem;
import dev.tandem.TandemMove;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.MovePair;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The accounts service under load on three nodes while its database moves to another server and, for an
 * engine upgrade, back (docs/move.md). The nodes are v1 instances of the service, each its own Tandem,
 * configured with the source and, as move target, the target, both as the application's account; a
 * coordinator, the administrator of both servers, prepares the move (a copy from one snapshot, then the
 * servers' own replication), verifies, cuts over through the fleet, verifies and moves back, then finishes.
 * Every read is checked against the ledger of acknowledged writes; each cut-over is a phase of its own, so
 * the latencies of the requests that ended in it are the pause they saw; at the end every acknowledged write
 * is checked against the server the data ended on.
 */
public final class ServerMove {

    /** The moved database, under this name on both servers. */
    static final String DATABASE = "accounts";
    /**
     * The application's account, with privileges on its database only: read-only binds it (an account with
     * SUPER, READ ONLY ADMIN or ALL PRIVILEGES globally may write through read_only on MariaDB).
     */
    static final String APP_USER = "accounts_app";
    private static final String APP_PASSWORD = "accounts-app-secret";
    /** The account a replica logs in to the other server with, in either direction: REPLICATION SLAVE only. */
    static final String REPLICATION_USER = "accounts_repl";
    private static final String REPLICATION_PASSWORD = "accounts-repl-secret";
    /**
     * How long after a cut-over returned its requests still count toward it: the ones it held were released
     * before it returned, and end within this.
     */
    private static final long WINDOW_TAIL_MILLIS = 500;

    private ServerMove() {
    }

    /** One cut-over (or move back): what the coordinator saw, and the requests that ended while it ran. */
    public record Switch(String name, CutoverResult result, long callMillis, PhaseStats window) {
    }

    /** A verification: when, whether both servers were identical, and what was compared. */
    public record Verification(String when, boolean identical, int tables, long rows, long millis, List<String> differing) {
    }

    /**
     * What a move under load saw: the phases, each cut-over, each verification, and the final check of every
     * acknowledged write against the server the data ended on ({@code endedOn}).
     */
    public record Report(String title, List<PhaseStats> phases, List<Switch> switches, List<Verification> verifications,
                         String endedOn, WriteCheck writes) {

        /** Every request of the run as one. */
        public PhaseStats total() {
            return PhaseStats.combined("all requests", phases);
        }

        public long errors() {
            return phases.stream().mapToLong(p -> p.errors.get()).sum();
        }

        public long wrongReads() {
            return phases.stream().mapToLong(p -> p.wrongReads.get()).sum();
        }

        /**
         * Zero errors, zero wrong reads, every acknowledged write on the server the data ended on, every
         * cut-over switched, with requests in its window, and every verification identical; requests in every
         * phase (a node whose requests all hung through one would show none, and no error).
         */
        public boolean clean() {
            return errors() == 0 && wrongReads() == 0 && writes.clean()
                    && switches.stream().allMatch(s -> s.result().outcome() == CutoverResult.Outcome.SWITCHED
                            && s.window().requests.get() > 0)
                    && verifications.stream().allMatch(Verification::identical)
                    && phases.stream().allMatch(p -> p.requests.get() > 0);
        }

        public String render() {
            StringBuilder out = new StringBuilder("\nMove report: " + title + "\n");
            for (PhaseStats phase : phases) {
                out.append("  ").append(phase).append('\n');
                phase.problems().forEach(p -> out.append("    ! ").append(p).append('\n'));
            }
            out.append("  the pause requests saw (latency of the requests that ended during each cut-over):\n");
            for (Switch s : switches) {
                out.append(String.format("    %-40s %s; hold %d ms as the coordinator saw it, the call %d ms; %d requests,"
                                + " p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", s.name(), s.result().outcome(),
                        s.result().pause().toMillis(), s.callMillis(), s.window().requests.get(), s.window().percentileMillis(0.50),
                        s.window().percentileMillis(0.99), s.window().percentileMillis(1.0)));
            }
            for (Verification v : verifications) {
                out.append(String.format("  verification %s: %s (%d tables, %,d rows, %d ms)%s%n", v.when(),
                        v.identical() ? "identical" : "DIFFERENT", v.tables(), v.rows(), v.millis(),
                        v.differing().isEmpty() ? "" : ": " + String.join(", ", v.differing())));
            }
            PhaseStats total = total();
            out.append(String.format("  total: %d requests, %d errors, %d wrong reads; latency p50 %.2f ms, p99 %.2f ms,"
                    + " max %.2f ms%n", total.requests.get(), errors(), wrongReads(), total.percentileMillis(0.50),
                    total.percentileMillis(0.99), total.percentileMillis(1.0)));
            out.append(writes.render(endedOn + ", where the data ended"));
            out.append(clean() ? "  RESULT: PASS - zero errors, zero wrong reads, zero lost writes\n" : "  RESULT: FAIL\n");
            return out.toString();
        }
    }

    /**
     * Moves the accounts database from {@code pair}'s source to its target under load, and back to the
     * source when {@code andBack}; the servers are fresh (the database and accounts are created here).
     */
    public static Report run(MovePair pair, boolean andBack, RollingDeploy.Settings settings) throws Exception {
        PrintStream out = settings.out();
        DatabaseServer source = pair.source();
        DatabaseServer target = pair.target();
        String from = name(source);
        String to = name(target);
        String title = from + " -> " + to + (andBack ? " and back" : "");
        createAccountsAndDatabase(pair);
        RollingDeploy.Database db = new RollingDeploy.Database(DATABASE + " on " + from
                + " (default character set latin1, tables utf8mb4), move target " + to,
                () -> Tandem.configure().url(source.jdbcUrl(DATABASE)).user(APP_USER).password(APP_PASSWORD)
                        .moveTarget(target.jdbcUrl(DATABASE), APP_USER, APP_PASSWORD));
        Ledger ledger = new Ledger();
        List<PhaseStats> phases = new ArrayList<>();
        List<Switch> switches = new ArrayList<>();
        List<Verification> verifications = new ArrayList<>();
        AtomicReference<PhaseStats> current = new AtomicReference<>(new PhaseStats("setup"));
        List<Node> nodes = new ArrayList<>();
        StepPrinter steps = new StepPrinter(out);
        Thread progress = RollingDeploy.progressPrinter(current, out);
        try {
            out.printf("== %s%nDatabase: %s. Seeding %,d customers...%n", title, db, settings.seedRows());
            RollingDeploy.seed(db, settings.seedRows(), ledger);

            RollingDeploy.begin(phases, current, out, "1. three nodes on " + from + ": prepare, verify");
            for (String node : List.of("node-a", "node-b", "node-c")) {
                nodes.add(RollingDeploy.start(node, RollingDeploy.V1, db, ledger, current, settings));
            }
            try (Tandem coordinator = coordinator(pair);
                 TandemMove move = coordinator.move(MoveOptions.defaults().withListener(steps))) {
                steps.begin("prepare: check both servers, copy from one snapshot, replicate " + from + " -> " + to);
                MoveStatus prepared = move.prepare();
                steps.done(prepared.phase() + ", " + prepared.other() + " replicating: " + prepared.replicating()
                        + ", lag " + prepared.lagSeconds() + " s; copied " + steps.copied());
                RollingDeploy.serve(settings);
                verifications.add(verify(move, "before the cut-over", steps));

                switches.add(cutOver("2. cut-over to " + to, move::cutover, phases, current, steps));
                RollingDeploy.begin(phases, current, out, "3. three nodes on " + to + (andBack ? ": verify" : ": finish"));
                RollingDeploy.serve(settings);
                if (andBack) {
                    verifications.add(verify(move, "before the move back", steps));
                    switches.add(cutOver("4. back to " + from, move::back, phases, current, steps));
                    RollingDeploy.begin(phases, current, out, "5. three nodes on " + from + ": finish");
                    RollingDeploy.serve(settings);
                }
                steps.begin("finish: stop the replication into the server that does not serve");
                MoveStatus finished = move.finish();
                steps.done(finished.phase() + ", " + finished.serving() + " serves");
                RollingDeploy.serve(settings);
            }
        } finally {
            for (Node node : nodes) {
                node.close();
            }
            progress.interrupt();
        }
        String endedOn = andBack ? from : to;
        out.println("== final check: every acknowledged write against " + endedOn + ", where the data ended");
        return new Report(title, List.copyOf(phases), List.copyOf(switches), List.copyOf(verifications), endedOn,
                check(andBack ? source : target, ledger, out));
    }

    /**
     * A table of the runs, as docs/benchmarks.md shows them: one row per cut-over (the requests that ended
     * while it ran, their latencies: the pause they saw; the hold as the coordinator saw it) and one per run.
     */
    public static String summary(List<Report> reports) {
        StringBuilder out = new StringBuilder("\nSummary (the pause: latency of the requests that ended during the cut-over)\n"
                + "| move | requests | errors | wrong reads | lost writes | request pause p50 / p99 / max | hold (coordinator) |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Report report : reports) {
            for (Switch s : report.switches()) {
                out.append(String.format("| %s | %d | %d | %d | | %.0f / %.0f / %.0f ms | %d ms (%s) |%n", s.name(),
                        s.window().requests.get(), s.window().errors.get(), s.window().wrongReads.get(),
                        s.window().percentileMillis(0.50), s.window().percentileMillis(0.99), s.window().percentileMillis(1.0),
                        s.result().pause().toMillis(), s.result().outcome()));
            }
            PhaseStats total = report.total();
            out.append(String.format("| %s, whole run | %d | %d | %d | %d of %d | %.0f / %.0f / %.0f ms | |%n", report.title(),
                    total.requests.get(), report.errors(), report.wrongReads(), report.writes().lost(),
                    report.writes().checked(), total.percentileMillis(0.50), total.percentileMillis(0.99),
                    total.percentileMillis(1.0)));
        }
        out.append(reports.stream().allMatch(Report::clean)
                ? "RESULT: PASS - zero errors, zero wrong reads, zero lost writes\n" : "RESULT: FAIL\n");
        return out.toString();
    }

    /** How the report names a server: flavor, version and server id, e.g. "MySQL 8.0.31 #2". */
    static String name(DatabaseServer server) {
        return server.label().replaceFirst(" \\(.*\\)$", "") + " #" + serverId(server);
    }

    private static long serverId(DatabaseServer server) {
        try (Connection c = server.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the server id of " + server.label() + ": " + e.getMessage(), e);
        }
    }

    /**
     * On both servers: the application's account and the replication account; the database, empty, on the
     * target (the copy gives it the source's default character set), and with latin1 as default on the source,
     * which the tables do not use (see {@link RollingDeploy.Database#ofTestBed}).
     */
    private static void createAccountsAndDatabase(MovePair pair) throws SQLException {
        for (DatabaseServer server : List.of(pair.source(), pair.target())) {
            try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE USER '" + APP_USER + "'@'127.0.0.1' IDENTIFIED BY '" + APP_PASSWORD + "'");
                s.execute("GRANT ALL ON " + DATABASE + ".* TO '" + APP_USER + "'@'127.0.0.1'");
                s.execute("CREATE USER '" + REPLICATION_USER + "'@'127.0.0.1' IDENTIFIED BY '" + REPLICATION_PASSWORD + "'");
                s.execute("GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'127.0.0.1'");
                s.execute("CREATE DATABASE " + DATABASE + (server == pair.source() ? " CHARACTER SET latin1" : ""));
            }
        }
    }

    /** The coordinator: the administrator of both servers, replicating as the replication account. */
    private static Tandem coordinator(MovePair pair) {
        return Tandem.configure().url(pair.source().jdbcUrl(DATABASE)).user(pair.source().user())
                .password(pair.source().password()).locations(RollingDeploy.V1.locations().toArray(String[]::new))
                .moveTarget(pair.target().jdbcUrl(DATABASE), pair.target().user(), pair.target().password())
                .replicationUser(REPLICATION_USER, REPLICATION_PASSWORD).load();
    }

    private static Verification verify(TandemMove move, String when, StepPrinter steps) {
        steps.begin("verify " + when + ": compare both servers while the nodes write");
        long started = System.nanoTime();
        ComparisonReport report = move.verify();
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<String> differing = report.tables().stream().filter(t -> !t.identical()).map(ComparisonReport.Table::source)
                .toList();
        Verification verification = new Verification(when, report.identical(), report.tables().size(),
                report.tables().stream().mapToLong(ComparisonReport.Table::sourceRows).sum(), millis, differing);
        steps.done((report.identical() ? "identical" : "DIFFERENT " + differing) + ", " + verification.tables()
                + " tables, " + verification.rows() + " rows");
        return verification;
    }

    /**
     * A cut-over as a phase of its own: the requests that end from just before the call until shortly after it
     * returned count toward it.
     */
    private static Switch cutOver(String name, Supplier<CutoverResult> call, List<PhaseStats> phases,
                                  AtomicReference<PhaseStats> current, StepPrinter steps) throws InterruptedException {
        RollingDeploy.begin(phases, current, steps.out, name);
        PhaseStats window = current.get();
        steps.begin(name);
        long started = System.nanoTime();
        CutoverResult result = call.get();
        long callMillis = (System.nanoTime() - started) / 1_000_000;
        steps.done(result.outcome() + " to " + result.serving() + ", hold " + result.pause().toMillis() + " ms as the"
                + " coordinator saw it; acknowledged by " + result.acknowledged().size() + " instance(s)"
                + (result.missing().isEmpty() ? "" : ", missing " + result.missing())
                + (result.reason().isEmpty() ? "" : "; " + result.reason()));
        Thread.sleep(WINDOW_TAIL_MILLIS);
        window.note(String.format("%s, hold %d ms as the coordinator saw it, the call %d ms", result.outcome(),
                result.pause().toMillis(), callMillis));
        return new Switch(name, result, callMillis, window);
    }

    /** Every acknowledged write against the server the data ended on, as the application's account reads it there. */
    private static WriteCheck check(DatabaseServer server, Ledger ledger, PrintStream out) throws SQLException {
        try (HikariDataSource direct = new HikariDataSource()) {
            direct.setJdbcUrl(server.jdbcUrl(DATABASE));
            direct.setUsername(APP_USER);
            direct.setPassword(APP_PASSWORD);
            try (Connection c = direct.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@version, @@server_id, @@read_only")) {
                rs.next();
                out.printf("   reading %s directly: version %s, server_id %d, read_only %d%n", server.jdbcUrl(DATABASE),
                        rs.getString(1), rs.getLong(2), rs.getInt(3));
            }
            return WriteCheck.of(RollingDeploy.V1.accounts().apply(direct), ledger);
        }
    }

    /** Prints each step of the move with the time since the operation that took it began. */
    private static final class StepPrinter implements MoveListener {

        private final PrintStream out;
        private final Map<String, Long> copiedRows = new TreeMap<>();
        private volatile long began = System.nanoTime();

        StepPrinter(PrintStream out) {
            this.out = out;
        }

        void begin(String what) {
            began = System.nanoTime();
            out.println("   " + what);
        }

        void done(String what) {
            out.printf("   %6d ms  done: %s%n", elapsedMillis(), what);
        }

        @Override
        public void step(String name, String detail) {
            out.printf("   %6d ms  %s: %s%n", elapsedMillis(), name, detail);
        }

        @Override
        public void copied(String table, long done, long estimated) {
            synchronized (copiedRows) {
                copiedRows.merge(table, done, Math::max);
            }
        }

        /** The rows each table's copy reported, e.g. "customers 50,000 rows, tandem_instances 3 rows". */
        String copied() {
            synchronized (copiedRows) {
                return copiedRows.isEmpty() ? "nothing reported" : copiedRows.entrySet().stream()
                        .map(e -> String.format("%s %,d rows", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
            }
        }

        private long elapsedMillis() {
            return (System.nanoTime() - began) / 1_000_000;
        }
    }
}
