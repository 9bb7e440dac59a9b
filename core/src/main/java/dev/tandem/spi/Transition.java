package dev.tandem.spi;

import dev.tandem.MigrationState;

/**
 * A change of a migration's recorded state, as {@link Lifecycle} decides it: the state it moves to and
 * the times it records. A {@link StateStore} writes it as told and derives nothing from state names.
 */
public record Transition(MigrationState state, Stamp stamp) {

    /** What a transition records besides the state (times come from the database's clock). */
    public enum Stamp {
        /** Nothing else. */
        NONE,
        /** A new expand: the record starts afresh (expanding app, expand and contract times cleared). */
        RESET,
        /** The expand ended: its time, from which a contract policy's minimum age counts. */
        EXPANDED_AT,
        /** The contract ended. */
        CONTRACTED_AT
    }
}
