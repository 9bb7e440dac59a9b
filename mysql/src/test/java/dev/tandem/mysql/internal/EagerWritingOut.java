package dev.tandem.mysql.internal;

import dev.tandem.testing.Flavor;
import dev.tandem.testing.TestDatabase;

/**
 * A MariaDB test server told to write out its changes as it goes ({@code innodb_max_dirty_pages_pct_lwm} above
 * 0), until closed, where {@link CheckpointAgeSignal} needs it; a MySQL one as it is (it writes out from
 * {@code innodb_adaptive_flushing_lwm} on).
 */
public final class EagerWritingOut implements AutoCloseable {

    /** The value set on MariaDB: the smallest that turns MariaDB's writing out as it goes on. */
    public static final String LOW_WATER_MARK = "0.001";

    private final TestDatabase db;
    /** The server's value before, to set back; null where nothing was changed (MySQL). */
    private final Object before;

    private EagerWritingOut(TestDatabase db, Object before) {
        this.db = db;
        this.before = before;
    }

    public static EagerWritingOut on(TestDatabase db) throws Exception {
        if (db.flavor() != Flavor.MARIADB) {
            return new EagerWritingOut(db, null);
        }
        Object before = db.queryValue("SELECT @@innodb_max_dirty_pages_pct_lwm");
        db.execute("SET GLOBAL innodb_max_dirty_pages_pct_lwm = " + LOW_WATER_MARK);
        return new EagerWritingOut(db, before);
    }

    /** Whether the server's setting was changed (MariaDB). */
    public boolean changed() {
        return before != null;
    }

    @Override
    public void close() throws Exception {
        if (before != null) {
            db.execute("SET GLOBAL innodb_max_dirty_pages_pct_lwm = " + before);
        }
    }
}
