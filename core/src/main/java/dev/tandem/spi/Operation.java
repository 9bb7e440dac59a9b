package dev.tandem.spi;

import java.util.List;

/** One declarative operation of a migration, turned into steps per phase. */
public interface Operation {

    /** The steps of {@code phase}, in order; empty when the operation has nothing to do then. */
    List<Step> steps(Phase phase);

    /**
     * Read-only checks against the live schema (the table exists, the column does or does not, the
     * expressions compile, a key for the backfill exists), run before the migration's expand changes
     * anything; a failing check throws with a message that names the object and the fix.
     */
    default List<Step> checks() {
        return List.of();
    }
}
