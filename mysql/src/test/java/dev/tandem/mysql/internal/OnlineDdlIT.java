package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.Tandem;
import dev.tandem.TandemException;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/** DDL that never stalls the application: short lock waits with retries, INSTANT/INPLACE, refusals. */
class OnlineDdlIT {

    private static final Duration LOCK_WAIT = Duration.ofSeconds(2);
    private static final long BLOCKER_HOLDS_MS = 7_000;

    private static Tandem tandem(TestDatabase db, ScriptDir scripts) {
        return Nodes.configure().url(db.url()).user(db.user()).password(db.password())
                .locations(scripts.location()).ddlLockWaitTimeout(LOCK_WAIT).load();
    }

    private static ScriptDir scripts(String name, String sql) throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-ddl-")).write(name, sql);
    }

    /**
     * A client holds a transaction open on T while four app threads query T. Tandem's ALTER waits at
     * most the lock timeout at a time, so app queries stall at most that long, and the ALTER succeeds
     * once the blocker commits. The same ALTER run plainly (the server's default lock wait) stalls the
     * app for as long as the blocker holds on: the side-by-side control shows the test can tell.
     */
    @ServerTest
    void aWaitingDdlNeverQueuesTheAppForLongerThanTheLockTimeout(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL)");
        StringBuilder rows = new StringBuilder("INSERT INTO t VALUES ");
        for (int i = 1; i <= 100; i++) {
            rows.append(i > 1 ? "," : "").append("(").append(i).append(",").append(i).append(")");
        }
        db.execute(rows.toString());
        DataSource app = db.newDataSource();

        long plain = worstAppLatencyDuring(db, app, () -> {
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.execute("SET SESSION lock_wait_timeout = 60");
                s.execute("ALTER TABLE t ADD COLUMN plain INT NULL");
            }
            return null;
        });
        CapturedLog log = CapturedLog.start();
        long[] blocker = new long[1];
        long withTandem = worstAppLatencyDuring(db, app, () -> {
            try (Tandem tandem = tandem(db, scripts("V1__add_c.sql", "ALTER TABLE t ADD COLUMN c INT NULL;\n"))) {
                tandem.start();
            }
            return null;
        }, blocker);
        log.close();
        LoggerFactory.getLogger(OnlineDdlIT.class).info("Worst app query latency with a blocker holding T for {} ms:"
                + " plain ALTER {} ms, Tandem's ALTER {} ms (lock wait {} s)", BLOCKER_HOLDS_MS, plain, withTandem,
                LOCK_WAIT.toSeconds());

        assertThat(plain).as("control: a plain ALTER queues the app behind it until the blocker commits")
                .isGreaterThan(BLOCKER_HOLDS_MS - 2_000);
        assertThat(withTandem).as("worst app query latency while Tandem's ALTER waited (lock timeout %s)", LOCK_WAIT)
                .isLessThan(LOCK_WAIT.toMillis() + 1_500);
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 't' AND column_name = 'c'")).as("the DDL succeeded after the blocker committed")
                .isEqualTo(1L);
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("waited 2 s for a lock") && m.contains("connection " + blocker[0]));
    }

    private interface Ddl {
        Void run() throws Exception;
    }

    private static long worstAppLatencyDuring(TestDatabase db, DataSource app, Ddl ddl) throws Exception {
        return worstAppLatencyDuring(db, app, ddl, new long[1]);
    }

    /** Runs {@code ddl} while a blocker holds T for a while and 4 app threads query T; returns the worst latency. */
    private static long worstAppLatencyDuring(TestDatabase db, DataSource app, Ddl ddl, long[] blockerId) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong worst = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (Connection blocker = db.connection()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement(); ResultSet rs = s.executeQuery("SELECT v, CONNECTION_ID() FROM t WHERE id = 1")) {
                rs.next();
                blockerId[0] = rs.getLong(2);
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                readers.add(threads.submit(() -> {
                    int id = 1;
                    while (running.get()) {
                        long started = System.nanoTime();
                        try (Connection c = app.getConnection(); PreparedStatement q = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                            q.setInt(1, id = id % 100 + 1);
                            q.executeQuery().close();
                        }
                        worst.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                        Thread.sleep(20);
                    }
                    return null;
                }));
            }
            Thread.sleep(300);
            Future<Void> alter = threads.submit(ddl::run);
            Thread.sleep(BLOCKER_HOLDS_MS);
            blocker.commit();
            alter.get(2, TimeUnit.MINUTES);
            Thread.sleep(300);
            running.set(false);
            for (Future<?> reader : readers) {
                reader.get(1, TimeUnit.MINUTES);
            }
        } finally {
            running.set(false);
            threads.shutdownNow();
        }
        return worst.get();
    }

    /** The linter would stop the in-place type change first; these tests are about the executor. */
    private static final String ACCEPT_RETYPE = "-- tandem:accept TL103 testing the online DDL executor itself\n"
            + "-- tandem:accept TL105 the column is NOT NULL already (the linter has no schema to know it)\n";

    @ServerTest
    void addsColumnsInstantlyIndexesInPlaceAndRefusesWhatWouldCopyTheTable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NOT NULL)", "INSERT INTO accounts VALUES (1, 10)");
        try (Tandem tandem = tandem(db, scripts("V1__online.sql", """
                ALTER TABLE accounts ADD COLUMN note VARCHAR(20) NULL;
                CREATE INDEX accounts_amount ON accounts (amount);
                """))) {
            tandem.start();
        }
        if (db.flavor() == Flavor.MYSQL) {
            assertThat(db.queryValue("SELECT total_row_versions FROM information_schema.innodb_tables"
                    + " WHERE name = CONCAT(DATABASE(), '/accounts')")).as("the column was added INSTANT").isEqualTo(1);
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND index_name = 'accounts_amount'")).isEqualTo(1L);

        ScriptDir widen = scripts("V1__online.sql", "ALTER TABLE accounts ADD COLUMN note VARCHAR(20) NULL;\n"
                + "CREATE INDEX accounts_amount ON accounts (amount);\n")
                .write("V2__widen.sql", ACCEPT_RETYPE + "ALTER TABLE accounts MODIFY amount BIGINT NOT NULL;\n");
        try (Tandem tandem = tandem(db, widen)) {
            assertThatThrownBy(tandem::start)
                    .isInstanceOf(TandemException.class)
                    .hasMessageContaining("V2__widen.sql line 3")
                    .hasMessageContaining("would copy the table or block writes")
                    .hasMessageContaining("ALGORITHM=COPY");
        }
        assertThat(db.queryValue("SELECT data_type FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'accounts' AND column_name = 'amount'")).isEqualTo("int");

        widen.write("V2__widen.sql", ACCEPT_RETYPE + "ALTER TABLE accounts MODIFY amount BIGINT NOT NULL, ALGORITHM=COPY;\n");
        try (Tandem tandem = tandem(db, widen)) {
            assertThat(tandem.start().applied()).as("an explicit ALGORITHM is the script's own choice").containsExactly("2");
        }
        assertThat(db.queryValue("SELECT data_type FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'accounts' AND column_name = 'amount'")).isEqualTo("bigint");
    }

    /**
     * A statement ending in a comment: the online clause appended after it was part of the comment, and the type
     * change, or a FULLTEXT index written as {@code CREATE FULLTEXT INDEX}, ran as the server chose, blocking writes.
     */
    @ServerTest
    void aStatementEndingInACommentOrAFullTextIndexIsRefusedAsWhatWouldBlockWrites(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount INT NOT NULL, note VARCHAR(200) NULL)",
                "INSERT INTO accounts VALUES (1, 10, 'a')");
        ScriptDir scripts = scripts("V1__widen.sql", ACCEPT_RETYPE + "ALTER TABLE accounts MODIFY amount BIGINT NOT NULL -- wider\n;\n");
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start).hasMessageContaining("V1__widen.sql line 3")
                    .hasMessageContaining("would copy the table or block writes");
        }
        assertThat(db.queryValue("SELECT data_type FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'accounts' AND column_name = 'amount'")).isEqualTo("int");

        scripts = scripts("V1__search.sql", "CREATE FULLTEXT INDEX accounts_note ON accounts (note);\n");
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start).hasMessageContaining("V1__search.sql line 1")
                    .hasMessageContaining("would copy the table or block writes");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND index_name = 'accounts_note'")).isEqualTo(0L);
    }

    @ServerTest
    void aTableOutOfInstantRowVersionsIsRebuiltOnlineInstead(TestDatabase db) throws Exception {
        assumeTrue(db.flavor() == Flavor.MYSQL, "MariaDB has no instant row-version limit");
        db.execute("CREATE TABLE busy (id INT PRIMARY KEY)");
        for (int i = 0; i < 32; i++) {
            db.execute("ALTER TABLE busy ADD COLUMN c" + i + " INT, ALGORITHM=INSTANT",
                    "ALTER TABLE busy DROP COLUMN c" + i + ", ALGORITHM=INSTANT");
        }
        assertThat(db.queryValue("SELECT total_row_versions FROM information_schema.innodb_tables"
                + " WHERE name = CONCAT(DATABASE(), '/busy')")).isEqualTo(64);
        assertThatThrownBy(() -> db.execute("ALTER TABLE busy ADD COLUMN x INT, ALGORITHM=INSTANT"))
                .hasMessageContaining("Maximum row versions");

        try (Tandem tandem = tandem(db, scripts("V1__more.sql", "ALTER TABLE busy ADD COLUMN more INT NULL;\n"))) {
            tandem.start();
        }
        assertThat(db.queryValue("SELECT total_row_versions FROM information_schema.innodb_tables"
                + " WHERE name = CONCAT(DATABASE(), '/busy')")).as("rebuilt in place: the count starts again").isEqualTo(0);
    }
}
