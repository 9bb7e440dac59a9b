package dev.tandem.mysql.internal;

import dev.tandem.Tandem;
import dev.tandem.TandemConfiguration;
import dev.tandem.testing.ForcedCopy;
import dev.tandem.testing.TestDatabase;

/** The app node most tests use: version 2.0.0, on a folder of scripts, against a test database. */
final class Nodes {

    private Nodes() {
    }

    /** Starts a node on {@code scripts} and closes it: the schema as an earlier app version leaves it. */
    static void applied(TestDatabase db, ScriptDir scripts) {
        try (Tandem earlier = tandem(db, scripts)) {
            earlier.start();
        }
    }

    static Tandem tandem(TestDatabase db, ScriptDir scripts) {
        return node(db, scripts, "2.0.0").load();
    }

    /** A node of {@code appVersion} on {@code scripts} against {@code db}, configured as the tests take it ({@link #configure}). */
    static TandemConfiguration node(TestDatabase db, ScriptDir scripts, String appVersion) {
        return configure().url(db.url()).user(db.user()).password(db.password()).appVersion(appVersion)
                .locations(scripts.location());
    }

    /**
     * {@link Tandem#configure()} as the tests take it: with the copy-based backfill forced when the suite
     * runs under {@link ForcedCopy} ({@link CopyCensus} then says, test by test, which backfills copied).
     */
    static TandemConfiguration configure() {
        TandemConfiguration configuration = Tandem.configure();
        ForcedCopy.threshold().ifPresent(configuration::copyExpandThreshold);
        return configuration;
    }
}
