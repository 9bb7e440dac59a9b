package dev.tandem.testkit;

import dev.tandem.LintReport;
import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.TandemStatus;
import dev.tandem.internal.script.Migration;
import dev.tandem.testing.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;

/**
 * A fresh database on a real server, and your migration scripts, for proving that your app versions and
 * your migrations fit together. A {@link TandemMigrationTest} hands one to each run of the test, one run
 * per server; the database is dropped when the run ends.
 *
 * <p>Walk the schema through a release as production does, and run each version's code at each stage:
 *
 * <pre>{@code
 * db.migrateTo("1");                       // the release that runs today
 * db.asVersion("1").execute("INSERT ...");
 * db.expandTo("2");                        // expand of 2; its backfill waits
 * db.asVersion("1").query("SELECT ...");   // old code on the expanded schema
 * db.backfill();                           // backfill, until ready
 * db.asVersion("2").execute("...");        // new code
 * db.contract();                           // once version 1 is gone
 * db.asVersion("2").query("SELECT ...");
 * }</pre>
 *
 * Each step runs your scripts through Tandem's public API as an app of that version would. Not thread-safe.
 */
public final class MigrationTestDatabase implements AutoCloseable {

    private final TestDatabase database;
    private final UserScripts scripts;
    private final Map<String, AppVersion> versions = new LinkedHashMap<>();
    /** The app version that migrated last, still running (registered in Tandem's fleet) until the next one migrates. */
    private HeldBackfills migrating;
    private String target;
    private String stage = "an empty database";
    private boolean contracted;

    MigrationTestDatabase(TestDatabase database, List<String> locations, ClassLoader loader) throws SQLException {
        this.database = database;
        try (Connection c = database.connection()) {
            this.scripts = UserScripts.find(locations, loader, c.getMetaData());
        }
    }

    /**
     * Expands the schema for app version {@code version}: as that version's first instance starts, it runs
     * the expand of every migration up to {@code version} not yet applied, up to the first backfill, which
     * waits until {@link #backfill()}. A lint error or a failed statement is thrown as Tandem throws it
     * (e.g. {@link dev.tandem.LintException}).
     */
    public MigrationTestDatabase expandTo(String version) {
        Migration last = scripts.migration(version);
        if (target != null && last.version().compareTo(MigrationVersion.fromVersion(target)) < 0) {
            throw new IllegalArgumentException("The schema is migrated to " + target + " already; expandTo(" + version
                    + ") would go back; each test starts from a fresh database, so walk each path forward in a test of its own");
        }
        closeMigrating();
        target = version;
        contracted = false;
        migrating = HeldBackfills.start(configuration(version));
        String waiting = interruptible(migrating::awaitExpand);
        stage = waiting == null ? "the schema expanded to " + version + " (no backfill to run)"
                : waiting.equals(last.versionText()) ? "the schema expanded to " + version + " (the backfill of " + version + " not run yet)"
                : "the schema expanded to " + waiting + " (its backfill not run yet; the expand of the later ones up to "
                + version + " waits for it)";
        return this;
    }

    /** Runs the backfill {@link #expandTo(String)} held, and returns when every migration is ready. */
    public MigrationTestDatabase backfill() {
        HeldBackfills run = requireMigrated("backfill()");
        interruptible(() -> {
            run.release();
            return null;
        });
        stage = "the schema expanded and backfilled to " + target;
        return this;
    }

    /** {@link #expandTo(String)} then {@link #backfill()}: the schema ready for {@code version}. */
    public MigrationTestDatabase migrateTo(String version) {
        return expandTo(version).backfill();
    }

    /**
     * Contracts every ready migration, as the newest version migrated, once every older version is gone:
     * what only older versions used is dropped now. Versions that ran only through {@link #asVersion(String)}
     * are not instances Tandem knows, so they do not hold the contract.
     */
    public MigrationTestDatabase contract() {
        List<String> done = requireMigrated("contract()").contract();
        contracted = true;
        stage = "the schema contracted to " + target + (done.isEmpty() ? "" : " (contracted now: " + String.join(", ", done) + ")");
        return this;
    }

    /**
     * Version {@code version} of your app: the scripts up to it are what it ships, and its connections carry
     * its session tag. Its statements run against the schema as far as it is migrated now.
     */
    public AppVersion asVersion(String version) {
        String known = scripts.migration(version).versionText();
        return versions.computeIfAbsent(known, v -> new AppVersion(version, configuration(v).load(), this));
    }

    /** What Tandem's linter finds in every script, in the SQL of this server; as the expand would lint them. */
    public LintReport lint() {
        try (Connection c = database.connection()) {
            return scripts.lint(c.getMetaData());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the server's version on " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails, listing every finding, when a script has a lint error it does not accept: an expand of it would
     * be refused. Warnings and accepted findings do not fail it (see {@link #lint()} for them).
     */
    public MigrationTestDatabase assertLintPasses() {
        LintReport report = lint();
        if (report.hasErrors()) {
            throw new AssertionError("Tandem's linter refuses the migration scripts on " + database.server().label()
                    + ":\n" + report.render());
        }
        return this;
    }

    /** Where every migration stands, as the newest version migrated reads it. */
    public TandemStatus status() {
        return requireMigrated("status()").tandem().status();
    }

    /** The database itself, for inspecting it outside any app version (e.g. {@code describeSchema()}). */
    public TestDatabase database() {
        return database;
    }

    /** Stops every Tandem the test used and deletes the scripts' copies; the kit calls it, then drops the database. */
    @Override
    public void close() throws IOException {
        try {
            closeMigrating();
        } finally {
            versions.values().forEach(AppVersion::close);
            versions.clear();
            scripts.close();
        }
    }

    /** Where the schema stands, for failure messages: "the schema expanded to 2 (the backfill of 2 not run yet)". */
    String stage() {
        return stage + " on " + database.server().label();
    }

    /** Why a failure of {@code version} matters at this stage: an older version still runs until the contract. */
    String adviceFor(String version) {
        if (target == null || contracted || MigrationVersion.fromVersion(version).compareTo(MigrationVersion.fromVersion(target)) >= 0) {
            return "";
        }
        return "\nVersion " + version + " still runs while " + target + " is expanded and backfilled: what its code uses"
                + " must stay until the contract (move the change to the script's contract section).";
    }

    private TandemConfiguration configuration(String version) {
        return Tandem.configure()
                .url(database.url()).user(database.user()).password(database.password())
                .appVersion(version)
                .locations(scripts.upTo(version));
    }

    private HeldBackfills requireMigrated(String call) {
        if (migrating == null) {
            throw new IllegalStateException(call + " needs a migrated schema: call expandTo(version) or migrateTo(version) first");
        }
        return migrating;
    }

    private void closeMigrating() {
        if (migrating != null) {
            migrating.close();
            migrating = null;
        }
    }

    private interface Wait<T> {
        T call() throws InterruptedException;
    }

    private static <T> T interruptible(Wait<T> wait) {
        try {
            return wait.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Tandem migrated", e);
        }
    }

    @Override
    public String toString() {
        return database.toString();
    }
}
