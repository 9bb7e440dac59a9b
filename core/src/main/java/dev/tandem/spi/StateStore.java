package dev.tandem.spi;

import java.util.List;
import java.util.Map;

/**
 * Where migration progress lives: in the target schema, so any node can resume what another began.
 * Every method is one short transaction (or one DDL); nothing is cached. Running steps is not the
 * store's: see {@link StepSessions}.
 */
public interface StateStore {

    /**
     * The tables under Tandem's names that are not Tandem's: those that lack a column of Tandem's (more
     * columns are fine). Reads only; the engine asks before anything reads or creates Tandem's tables, so
     * that it never takes an application's table for its own.
     */
    List<ForeignTable> foreignTables();

    /**
     * Creates Tandem's tables (migrations, instances, backfill checkpoints) when missing; safe to call from
     * many nodes at once. An existing table is left as it is: call {@link #foreignTables()} first.
     */
    void ensureTables();

    /**
     * Which of Tandem's tables, and of Flyway's history table {@code historyTable}, the schema does not
     * have (all of them before Tandem or Flyway first ran there), by name, Tandem's migrations table first.
     * Reads only: {@code status()} reports them instead of creating them.
     */
    List<String> missingTables(String historyTable);

    /** Every migration the database has a record of; null when Tandem's table does not exist yet. */
    List<MigrationRecord> load();

    /**
     * Versions recorded as applied in Flyway's history table, with Flyway's checksum (null for
     * rows without one); null when the table does not exist.
     */
    Map<String, Integer> flywayApplied(String historyTable);

    /**
     * The versions of Flyway's baseline rows ({@code flyway baseline}, {@code baselineOnMigrate}), below and at
     * which Flyway counts every migration applied; none where there is none, or no history table.
     */
    default List<String> flywayBaselines(String historyTable) {
        return List.of();
    }

    /** Every backfill the database has a checkpoint of (from any node), by migration. */
    List<dev.tandem.BackfillProgress> backfills();

    /**
     * The tables copy-based backfills replaced that are still in the schema (until their contract, or for
     * good where the contract kept them), by name. Reads only.
     */
    default List<dev.tandem.ReplacedTable> replacedTables() {
        return List.of();
    }

    /** Deletes Flyway's history row of {@code version} (after a rollback undid it). */
    void forgetFlywayHistory(String historyTable, String version);

    /**
     * Begins {@code phase} of a migration from its first step, as {@code transition} says (see
     * {@link Lifecycle#begin}); the record is created from {@code template} when there is none.
     */
    void beginPhase(MigrationRecord template, Phase phase, Transition transition);

    /**
     * Moves the migration as {@code transition} says, keeping its phase and steps (used to end a phase
     * and to resume one).
     */
    void moveTo(String version, Transition transition);

    /** Records that the current phase failed with {@code failure}; steps done stay done. */
    void fail(String version, String failure);
}
