package dev.tandem.internal.engine;

import dev.tandem.internal.script.FlywayInternals;
import dev.tandem.internal.script.Migration;
import dev.tandem.internal.script.ScriptForm;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreMigrationType;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.executor.MigrationExecutor;
import org.flywaydb.core.api.resolver.MigrationResolver;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.flywaydb.core.extensibility.MigrationType;

/**
 * Keeps Flyway's history table true. Tandem runs every migration itself, step by step, so that a
 * crash anywhere resumes (Flyway cannot where DDL is not transactional: a half-run script
 * leaves a failed row that needs {@code flyway repair}). Once a migration's expand is done, Flyway
 * itself writes its history row: Tandem hands it the migration with an executor that does nothing,
 * so row format, ranks, checksums and Flyway's own lock stay Flyway's business, and
 * {@code Flyway.info()} agrees with what Tandem did.
 */
public final class FlywayHistory {

    /** The baseline Tandem gives an existing schema Flyway never managed: below every real version (1 and up). */
    static final MigrationVersion OWN_BASELINE = MigrationVersion.fromVersion("0");

    private final DataSource dataSource;
    private final String table;
    private final ClassLoader classLoader;

    public FlywayHistory(DataSource dataSource, String table, ClassLoader classLoader) {
        this.dataSource = dataSource;
        this.table = table;
        this.classLoader = classLoader;
    }

    String table() {
        return table;
    }

    /**
     * Creates the history table (Flyway does, on an empty run). Runs before Tandem creates its own
     * tables: Flyway refuses a non-empty schema without history unless told to baseline, and a
     * schema that held only Tandem's tables would otherwise get a baseline row for nothing.
     */
    void create() {
        flyway(List.of()).migrate();
    }

    /** Writes history rows for migrations whose expand is done. */
    void record(Collection<Migration> expanded) {
        if (!expanded.isEmpty()) {
            flyway(expanded).migrate();
        }
    }

    private Flyway flyway(Collection<Migration> migrations) {
        MigrationResolver resolver = context -> migrations.stream().<ResolvedMigration>map(Recorded::new).toList();
        return Flyway.configure(classLoader)
                .dataSource(dataSource)
                .table(table)
                .skipDefaultResolvers(true)
                .skipDefaultCallbacks(true)
                .resolvers(resolver)
                // An existing schema that Flyway never managed gets a baseline at version 0, so that
                // every real version (1 and up) is still applied.
                .baselineOnMigrate(true)
                .baselineVersion(OWN_BASELINE.getVersion())
                // Tandem validates checksums itself and decides the order; Flyway only records.
                .validateOnMigrate(false)
                .outOfOrder(true)
                .ignoreMigrationPatterns("*:*")
                .load();
    }

    /** A migration Tandem has expanded, for Flyway to record; executing it does nothing. */
    private static final class Recorded implements ResolvedMigration {

        private final Migration migration;

        Recorded(Migration migration) {
            this.migration = migration;
        }

        @Override
        public MigrationVersion getVersion() {
            return migration.version();
        }

        @Override
        public String getDescription() {
            return migration.description();
        }

        @Override
        public String getScript() {
            return migration.script();
        }

        @Override
        public Integer getChecksum() {
            return migration.checksum();
        }

        @Override
        public MigrationType getType() {
            // Flyway resolves .sql scripts itself as SQL; YAML is Tandem's own, recorded as a script.
            return migration.form() == ScriptForm.SQL ? CoreMigrationType.SQL : CoreMigrationType.SCRIPT;
        }

        @Override
        public String getPhysicalLocation() {
            return migration.location();
        }

        @Override
        public MigrationExecutor getExecutor() {
            return FlywayInternals.alreadyExecuted();
        }

        @Override
        public boolean checksumMatches(Integer checksum) {
            return Objects.equals(checksum, migration.checksum());
        }

        @Override
        public boolean checksumMatchesWithoutBeingIdentical(Integer checksum) {
            return false;
        }
    }
}
