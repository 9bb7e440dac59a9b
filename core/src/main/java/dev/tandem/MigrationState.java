package dev.tandem;

/**
 * Where a migration stands. The normal path is PENDING → EXPANDING → EXPANDED → (BACKFILLING) →
 * READY → CONTRACTING → COMPLETED; ROLLING_BACK → ROLLED_BACK undoes an expand. A FAILED migration
 * is retried from the step that failed by the next start (or contract/rollback call).
 */
public enum MigrationState {
    PENDING,
    EXPANDING,
    EXPANDED,
    BACKFILLING,
    /** Expanded and backfilled: nodes that know it may serve traffic; it may be contracted. */
    READY,
    CONTRACTING,
    COMPLETED,
    ROLLING_BACK,
    ROLLED_BACK,
    FAILED;

    /** Whether an app that knows the migration may serve traffic in this state. */
    public boolean isReadyForNewCode() {
        return this == READY || this == CONTRACTING || this == COMPLETED;
    }
}
