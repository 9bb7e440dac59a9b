package dev.tandem.mysql.internal;

import static dev.tandem.mysql.internal.Nodes.tandem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ChecksumMismatchException;
import dev.tandem.MigrationState;
import dev.tandem.MigrationStatus;
import dev.tandem.ScriptException;
import dev.tandem.StartResult;
import dev.tandem.Tandem;
import dev.tandem.TandemException;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** start(), contract(), rollback() and status() against real servers. */
class StartIT {

    static final String V1 = """
            CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL);
            INSERT INTO customers (name) VALUES ('Ada Lovelace'), ('Grace Hopper');
            """;
    static final String V2 = """
            -- tandem:expand
            ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
            -- tandem:backfill
            UPDATE customers SET email = CONCAT(LOWER(REPLACE(name, ' ', '.')), '@example.com') WHERE email IS NULL;
            -- tandem:contract
            ALTER TABLE customers MODIFY email VARCHAR(200) NOT NULL;
            -- tandem:rollback
            ALTER TABLE customers DROP COLUMN email;
            """;
    static final String V3 = """
            operations:
              - sql:
                  expand: CREATE TABLE audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, event VARCHAR(50) NOT NULL)
                  rollback: DROP TABLE audit
            """;


    private static ScriptDir scripts() throws Exception {
        return new ScriptDir(Files.createTempDirectory("tandem-scripts-"));
    }

    @ServerTest
    void startExpandsAndBackfillsEveryFormThenIsANoOp(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1).write("V2__email.sql", V2).write("V3__audit.yaml", V3);
        try (Tandem tandem = tandem(db, scripts)) {
            StartResult first = tandem.start();

            assertThat(first.applied()).containsExactly("1", "2", "3");
            assertThat(first.ready()).isTrue();
            assertThat(tandem.isReady()).isTrue();
            assertThat(Schema.rows(db, "customers")).containsExactly(
                    List.of(1L, "Ada Lovelace", "ada.lovelace@example.com"),
                    List.of(2L, "Grace Hopper", "grace.hopper@example.com"));
            assertThat(db.queryValue("SELECT is_nullable FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = 'customers' AND column_name = 'email'")).as("not contracted yet").isEqualTo("YES");
            assertThat(db.queryValue("SELECT COUNT(*) FROM audit")).isEqualTo(0L);
            assertThat(Schema.states(db)).containsExactly(List.of("1", "READY"), List.of("2", "READY"), List.of("3", "READY"));
            assertThat(db.query("SELECT version, script, type, success FROM flyway_schema_history ORDER BY installed_rank"))
                    .containsExactly(List.of("1", "V1__customers.sql", "SQL", true), List.of("2", "V2__email.sql", "SQL", true),
                            List.of("3", "V3__audit.yaml", "SCRIPT", true));

            assertThat(tandem.start().applied()).as("a second start has nothing to do").isEmpty();
            assertThat(Schema.rows(db, "customers")).hasSize(2);
        }
        try (Tandem again = tandem(db, scripts)) {
            assertThat(again.start().applied()).as("nor has another node").isEmpty();
        }
    }

    @ServerTest
    void theLinterStopsAnExpandThatBreaksOldCodeUnlessTheScriptAcceptsTheRule(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1);
        try (Tandem v1 = tandem(db, scripts)) {
            v1.start();
        }
        scripts.write("V2__drop_email.sql", """
                -- tandem:expand
                ALTER TABLE customers ADD COLUMN nickname VARCHAR(50) NULL;
                ALTER TABLE customers DROP COLUMN name;
                """);
        List<String> before = db.describeSchema();
        try (Tandem v2 = tandem(db, scripts)) {
            assertThatThrownBy(v2::start).isInstanceOf(dev.tandem.LintException.class)
                    .hasMessageContaining("V2__drop_email.sql:3: error TL101")
                    .hasMessageContaining("drop_column");
        }
        assertThat(db.describeSchema()).as("nothing ran, not even the harmless first statement").isEqualTo(before);
        assertThat(db.queryValue("SELECT COUNT(*) FROM tandem_migrations WHERE version = '2'")).isEqualTo(0L);

        // The script is not applied yet, so it may still change: accepting the rule lets it run.
        scripts.write("V2__drop_email.sql", """
                -- tandem:expand
                ALTER TABLE customers ADD COLUMN nickname VARCHAR(50) NULL;
                -- tandem:accept TL101 no running app version reads name any more (checked in review #42)
                ALTER TABLE customers DROP COLUMN name;
                """);
        try (Tandem v2 = tandem(db, scripts)) {
            assertThat(v2.start().applied()).containsExactly("2");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers' AND column_name = 'name'")).isEqualTo(0L);
    }

    @ServerTest
    void contractRunsTheContractPhaseOnceAndRollbackUndoesAnExpand(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1).write("V2__email.sql", V2).write("V3__audit.yaml", V3);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            List<String> before = db.describeSchema();

            tandem.rollback("3");
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name = 'audit'")).isEqualTo(0L);
            assertThat(db.queryValue("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '3'")).isEqualTo(0L);
            assertThatThrownBy(() -> tandem.rollback("1"))
                    .hasMessageContaining("Cannot roll back Migration 1 (V1__customers.sql) while the later migration 2");

            assertThat(tandem.contract("2")).isTrue();
            assertThat(db.queryValue("SELECT is_nullable FROM information_schema.columns WHERE table_schema = DATABASE()"
                    + " AND table_name = 'customers' AND column_name = 'email'")).isEqualTo("NO");
            assertThat(tandem.contract("2")).as("already contracted").isFalse();
            assertThatThrownBy(() -> tandem.rollback("2")).hasMessageContaining("it is COMPLETED");
            assertThatThrownBy(() -> tandem.contract("3")).hasMessageContaining("migration 3 is ROLLED_BACK, not READY");

            assertThat(tandem.status().migrations()).extracting(MigrationStatus::version, MigrationStatus::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("1", MigrationState.READY),
                            org.assertj.core.groups.Tuple.tuple("2", MigrationState.COMPLETED),
                            org.assertj.core.groups.Tuple.tuple("3", MigrationState.ROLLED_BACK));

            // A node that knows V3 starts again: V3 is expanded anew, exactly as the first time.
            assertThat(tandem.start().applied()).containsExactly("3");
            assertThat(db.describeSchema()).containsAll(before.stream().filter(l -> l.contains("audit")).toList());
            assertThat(tandem.contract()).containsExactly("1", "3");
        }
    }

    /**
     * A rollback recorded ROLLED_BACK, then lost its session before it deleted Flyway's history row: the migration
     * expanded anew kept that row, with the checksum of the text rolled back, where Flyway's own validate fails.
     */
    @ServerTest
    void aMigrationExpandedAgainAfterItsRollbackHasOneFlywayRowOfItsNewText(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1).write("V3__audit.yaml", V3);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
            db.execute("CREATE TABLE saved_history AS SELECT * FROM flyway_schema_history WHERE version = '3'");
            tandem.rollback("3");
            db.execute("INSERT INTO flyway_schema_history SELECT * FROM saved_history", "DROP TABLE saved_history");
        }
        scripts.write("V3__audit.yaml", V3.replace("event VARCHAR(50)", "event VARCHAR(80)"));
        try (Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().applied()).containsExactly("3");
        }
        long checksum = ((Number) db.queryValue("SELECT checksum FROM tandem_migrations WHERE version = '3'")).longValue();
        assertThat(db.query("SELECT checksum FROM flyway_schema_history WHERE version = '3'"))
                .as("one row, of the text expanded").singleElement()
                .satisfies(row -> assertThat(((Number) row.get(0)).longValue()).isEqualTo(checksum));
    }

    @ServerTest
    void anEditedAppliedScriptStopsStartAndNothingRuns(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
        }
        scripts.write("V1__customers.sql", V1.replace("Grace Hopper", "Grace B. Hopper")).write("V3__audit.yaml", V3);
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start)
                    .isInstanceOf(ChecksumMismatchException.class)
                    .hasMessageContaining("Migration 1 (V1__customers.sql) was changed after it was applied");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = 'audit'")).as("V3 did not run").isEqualTo(0L);
    }

    @ServerTest
    void aScriptBelowAnAppliedVersionIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        // A branch merged late: V2 arrives after an app that did not know it applied V3. Apps that know V3
        // tag their sessions with 3, which V2's sync triggers would take for code that knows V2.
        ScriptDir scripts = scripts().write("V1__customers.sql", V1).write("V3__audit.yaml", V3);
        try (Tandem tandem = tandem(db, scripts)) {
            tandem.start();
        }
        scripts.write("V2__email.sql", V2).write("V4__more.yaml", V3.replace("audit", "audit_more"));
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start)
                    .isInstanceOf(ScriptException.class)
                    .hasMessageStartingWith("V2__email.sql: its version 2 is below 3 (V3__audit.yaml), which the database"
                            + " has applied already")
                    .hasMessageContaining("Give the script a version above 3");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers' AND column_name = 'email'")).as("V2 did not run").isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = 'audit_more'")).as("nor V4").isEqualTo(0L);
    }

    @ServerTest
    void aMalformedPendingScriptIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1)
                .write("V2__email.sql", V2.replace("-- tandem:rollback", "-- tandem:rolback"));
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start)
                    .isInstanceOf(ScriptException.class)
                    .hasMessageStartingWith("V2__email.sql line 7: '-- tandem:rolback' is not a section marker");
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers'")).as("V1 did not run either").isEqualTo(0L);
        assertThat(db.queryValue("SELECT COUNT(*) FROM tandem_migrations")).isEqualTo(0L);
    }

    /**
     * A statement wholly inside an executable comment without a version: Flyway's parser dropped it as a
     * comment, and the index never came. MySQL reads MariaDB's own executable comment as a comment.
     */
    @ServerTest
    void aStatementWhollyInsideAnExecutableCommentRuns(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1).write("V2__indexes.sql", """
                /*! CREATE INDEX by_name ON customers (name) */;
                /*M! CREATE INDEX by_name_and_id ON customers (name, id) */;
                """);
        try (Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().ready()).isTrue();
        }
        assertThat(db.query("SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers' AND index_name <> 'PRIMARY' ORDER BY index_name")).containsExactlyElementsOf(
                db.flavor() == Flavor.MARIADB ? List.of(List.of("by_name"), List.of("by_name_and_id")) : List.of(List.of("by_name")));
    }

    /**
     * What a script sets for its session stays with its phase: the connection went back to Tandem's pool, and
     * a later migration's backfill or copy on it ran in the script's time zone (or sql_mode, or without
     * foreign key checks, or unlogged).
     */
    @ServerTest
    void whatAScriptSetsForItsSessionDoesNotStayInTandemsPool(TestDatabase db) throws Exception {
        StatementRecorder recorder = new StatementRecorder(db);
        ScriptDir scripts = scripts().write("V1__customers.sql", V1 + """
                SET @left = 'behind';
                SET time_zone = '+05:00';
                """);
        try (Tandem tandem = Nodes.configure().dataSource(recorder.dataSource()).appVersion("1.0.0")
                .locations(scripts.location()).load()) {
            assertThat(tandem.start().ready()).isTrue();
            List<Connection> open = new ArrayList<>();
            for (Connection c : recorder.connections()) {
                if (!c.isClosed()) {
                    open.add(c);
                }
            }
            for (Connection c : open) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @left, @@session.time_zone")) {
                    rs.next();
                    assertThat(rs.getString(1)).isNull();
                    assertThat(rs.getString(2)).isNotEqualTo("+05:00");
                }
            }
            assertThat(open).as("Tandem's pool keeps the connections no script set").isNotEmpty();
        }
    }

    @ServerTest
    void aFailedStepIsRecordedAndTheNextStartResumesAtThatStep(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE audit (id INT)"); // in the way of V3's CREATE TABLE
        ScriptDir scripts = scripts().write("V1__customers.sql", V1).write("V3__audit.yaml", V3);
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start)
                    .isInstanceOf(TandemException.class)
                    .hasMessageContaining("Migration 3 (V3__audit.yaml) failed in expand at step 1 of 1, V3__audit.yaml line 3:"
                            + " CREATE TABLE audit")
                    .hasMessageContaining("already exists")
                    .hasMessageContaining("Tandem resumes at this step");
            assertThat(tandem.isReady()).isFalse();
            assertThat(Schema.states(db)).containsExactly(List.of("1", "READY"), List.of("3", "FAILED"));
            assertThat((String) db.queryValue("SELECT failure FROM tandem_migrations WHERE version = '3'"))
                    .contains("already exists");

            db.execute("DROP TABLE audit");
            assertThat(tandem.start().applied()).containsExactly("3");
            assertThat(Schema.states(db)).containsExactly(List.of("1", "READY"), List.of("3", "READY"));
            assertThat(Schema.rows(db, "customers")).as("V1 did not run twice").hasSize(2);
        }
    }

    /**
     * A start() that fails before the engine is made (two scripts of one version here; a cut-over under way at
     * startup in the field), tried again: each try left a pool to the move target open, its connection and
     * housekeeper thread with it, until the JVM ended.
     */
    @ServerTest
    void aStartThatFailsLeavesNoPoolToTheMoveTargetOpen(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1).write("V1__again.sql", V1);
        try (Tandem tandem = Nodes.configure().url(db.url()).user(db.user()).password(db.password())
                .locations(scripts.location()).moveTarget(db.url(), db.user(), db.password()).load()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(tandem::start).isInstanceOf(ScriptException.class);
            }
            Thread.sleep(200); // a closed pool's housekeeper ends on its own thread
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .noneMatch(name -> name.startsWith("tandem-move-probe"));
        }
    }

    @ServerTest
    void aScriptThatFailedAtItsFirstStepMayBeCorrected(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1.replace("BIGINT AUTO_INCREMENT", "BIGNIT AUTO_INCREMENT"));
        try (Tandem tandem = tandem(db, scripts)) {
            assertThatThrownBy(tandem::start).hasMessageContaining("failed in expand at step 1 of 2");
        }
        scripts.write("V1__customers.sql", V1);
        try (Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.start().applied()).containsExactly("1");
            assertThat(Schema.rows(db, "customers")).hasSize(2);
        }
    }

    @ServerTest
    void aNodeWaitsForTheLockAndSaysWhoHoldsIt(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1);
        try (Connection holder = db.connection()) {
            long holderId;
            try (ResultSet rs = holder.createStatement().executeQuery("SELECT GET_LOCK(CONCAT('tandem:', DATABASE()), 0),"
                    + " CONNECTION_ID()")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
                holderId = rs.getLong(2);
            }
            try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                    .locations(scripts.location()).lockTimeout(java.time.Duration.ofSeconds(2)).load()) {
                assertThatThrownBy(tandem::start)
                        .hasMessageContaining("Gave up waiting for the migration lock tandem:" + db.name())
                        .hasMessageContaining("held by connection " + holderId + " of " + db.user() + "@");
            }
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"))
                .as("nothing was created while another node held the lock").isEqualTo(0L);
    }

    /**
     * A node starting while another contracts (a long rebuild, its node holding the schema's lock): it waited for the
     * lock to finish that contract itself, as if it had been cut short, and gave up at the lock timeout, so no node
     * could start while a contract ran. It starts at once; a contract cut short is finished where the lock is free.
     */
    @ServerTest
    void aNodeStartsWhileAnotherContractsAndFinishesAContractCutShort(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1).write("V2__email.sql", V2);
        Nodes.applied(db, scripts);
        // What a node contracting V2 leaves while it runs (and, once it died, until a node finishes it).
        db.execute("UPDATE tandem_migrations SET state = 'CONTRACTING', phase = 'CONTRACT', steps_done = 0, step_started = -1"
                + " WHERE version = '2'");
        try (Connection contracting = db.connection()) {
            try (ResultSet rs = contracting.createStatement().executeQuery("SELECT GET_LOCK(CONCAT('tandem:', DATABASE()), 0)")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            try (Tandem starting = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                    .appVersion("2.0.0").locations(scripts.location()).lockTimeout(java.time.Duration.ofSeconds(2)).load()) {
                assertThat(starting.start().ready()).as("started beside the contract").isTrue();
            }
            assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).isEqualTo("CONTRACTING");
        }
        try (Tandem starting = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                .appVersion("2.0.0").locations(scripts.location()).lockTimeout(java.time.Duration.ofSeconds(2)).load()) {
            assertThat(starting.start().ready()).isTrue();
        }
        assertThat(db.queryValue("SELECT state FROM tandem_migrations WHERE version = '2'")).as("the contract cut short,"
                + " finished").isEqualTo("COMPLETED");
        assertThat(db.queryValue("SELECT is_nullable FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers' AND column_name = 'email'")).isEqualTo("NO");
    }

    /**
     * A node whose script of version 2 says something else than the one another node began while this one waited for
     * the lock: checked before the lock, when nothing of it had run, it went on with its own text under the lock.
     */
    @ServerTest
    void aScriptBegunByAnotherBuildWhileThisNodeWaitedForTheLockIsRefused(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1);
        Nodes.applied(db, scripts);
        scripts.write("V2__name.yaml", "operations:\n  - add_column: {table: customers, column: shout, type: VARCHAR(200),"
                + " up: \"UPPER(name)\"}\n");
        try (Connection holder = db.connection(); Tandem waiting = Tandem.configure().url(db.url()).user(db.user())
                .password(db.password()).locations(scripts.location()).lockTimeout(java.time.Duration.ofSeconds(30)).load()) {
            try (ResultSet rs = holder.createStatement().executeQuery("SELECT GET_LOCK(CONCAT('tandem:', DATABASE()), 0)")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            java.util.concurrent.CompletableFuture<?> start = java.util.concurrent.CompletableFuture.runAsync(waiting::start);
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (db.query("SELECT id FROM information_schema.processlist WHERE info LIKE 'SELECT GET_LOCK(%'"
                    + " AND id <> CONNECTION_ID()").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // What another build's node leaves once it expanded its own V2 (another text, another checksum).
            db.execute("INSERT INTO tandem_migrations (version, description, script, checksum, state, phase, steps_done,"
                    + " step_started, updated_at) VALUES ('2', 'name', 'V2__name.yaml', 12345, 'EXPANDED', 'EXPAND', 2, -1,"
                    + " UTC_TIMESTAMP(3))");
            holder.createStatement().execute("DO RELEASE_LOCK(CONCAT('tandem:', DATABASE()))");

            assertThatThrownBy(() -> start.get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(ChecksumMismatchException.class);
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = 'customers' AND column_name = 'shout'")).as("nothing of its own text ran").isEqualTo(0L);
    }

    @ServerTest
    void theTaggedDataSourceCarriesTheHighestKnownVersion(TestDatabase db) throws Exception {
        ScriptDir scripts = scripts().write("V1__customers.sql", V1).write("V2_10__later.sql", "SELECT 1;");
        try (Tandem tandem = tandem(db, scripts)) {
            assertThat(tandem.sessionInitSql()).isEqualTo("SET @tandem_version = '0000000002.0000000010'");
            try (Connection c = tandem.dataSource().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT @tandem_version")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("0000000002.0000000010");
            }
        }
    }

    @ServerTest
    void findsScriptsOnTheClasspathIncludingPluggedInOperations(TestDatabase db) throws Exception {
        try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password(db.password())
                .locations("classpath:db/classpath-sample").load()) {
            assertThat(tandem.start().applied()).containsExactly("1", "2");
            assertThat(db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name IN ('from_classpath', 'marker') ORDER BY table_name"))
                    .containsExactly(List.of("from_classpath"), List.of("marker"));
            tandem.rollback("2");
            assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name = 'marker'")).isEqualTo(0L);
        }
    }

    @ServerTest
    void missingDatabaseSettingsAreRefusedAtLoad(TestDatabase db) {
        assertThatThrownBy(() -> Tandem.configure().load()).hasMessageContaining("No database configured");
        try (Tandem tandem = Tandem.configure().url(db.url()).user(db.user()).password("wrong-secret").load()) {
            assertThatThrownBy(tandem::start).hasMessageStartingWith("Cannot connect to ")
                    .hasMessageNotContaining("wrong-secret");
        }
    }

}
