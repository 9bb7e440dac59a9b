package dev.tandem;

/** Told how a move goes, for progress output: the copy's rows and each step of a cut-over. */
public interface MoveListener {

    /** {@code done} rows of {@code table} are on the target, of about {@code estimated}; from the copy's threads. */
    default void copied(String table, long done, long estimated) {
    }

    /** A step of a move begins: its name (e.g. {@code "read-only"}) and what it does, in words. */
    default void step(String name, String detail) {
    }
}
