package dev.tandem.spi;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** One database session that runs the steps of a phase and records each. */
public interface StepSession extends AutoCloseable {

    /**
     * Waits, up to {@code timeout}, until no other session runs steps of {@code version}, and keeps it so
     * until this session closes. A node that died, or lost its link to the server, in the middle of a step
     * may have left that step's statement running on the server, which finishes a statement before it
     * notices its client gone: the step resumed must not run beside it. Returns whether another session
     * held the steps first (what it did meanwhile is then to be read again). The default claims nothing.
     */
    default boolean claim(String version, Duration timeout) throws SQLException {
        return false;
    }

    /** Records that step {@code index} of the current phase of {@code version} begins. */
    void stepStarting(String version, int index) throws SQLException;

    /**
     * Runs {@code step} and records it done, in one transaction where the server allows (DDL commits
     * on its own; the record then follows at once).
     */
    void runStep(String version, int index, Step step, boolean resumed) throws SQLException;

    /**
     * Tags the session as the sessions of an app that knows migrations up to {@code sessionTag} are tagged
     * ({@link Dialect#sessionTagSql}), for every step it runs after: the sync triggers of migrations in
     * flight then take what the steps write for that app's writes. Until the session closes.
     */
    default void tagAs(String sessionTag) throws SQLException {
    }

    /**
     * Whether {@code failure}, a step's, came from the session's connection being gone (the network dropped,
     * the server restarted or ended it), not from the server's answer: what the step did is then as unknown
     * as after a crash of the node.
     */
    default boolean lost(Throwable failure) {
        return false;
    }

    /**
     * Before a phase resumes on this new session at the step after {@code done}: runs again what those steps
     * set for the rest of their session (a session or user variable), since the steps after were written to
     * find it set. Nothing is recorded. The default restores nothing.
     */
    default void restoreSettings(List<Step> done) throws SQLException {
    }

    /** Runs a read-only check on this session; nothing is recorded. */
    void check(Step check) throws SQLException;

    @Override
    void close();
}
