package dev.tandem.mysql.internal;

import dev.tandem.Tandem;
import dev.tandem.internal.engine.EngineAccess;
import dev.tandem.internal.engine.StepHook;
import dev.tandem.spi.Phase;
import dev.tandem.testing.Flavor;
import dev.tandem.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads InnoDB's id of a table, and its index names, before and after one contract step of migration 2: a
 * step that rebuilt the table changed its id.
 */
final class RebuildWatch implements StepHook {

    private final TestDatabase db;
    private final String table;
    private final int step;
    private Object idBefore;
    private Object idAfter;
    private List<List<Object>> indexesBefore;

    RebuildWatch(TestDatabase db, String table, int step) {
        this.db = db;
        this.table = table;
        this.step = step;
    }

    /** A node of app version 2.0.0 on {@code scripts} with this watch on its steps. */
    Tandem node(ScriptDir scripts) {
        return EngineAccess.stepHook(Nodes.configure().url(db.url()).user(db.user()).password(db.password())
                .appVersion("2.0.0").locations(scripts.location()), this).load();
    }

    @Override
    public void beforeStep(String version, Phase phase, int index) {
        if (watched(version, phase, index)) {
            idBefore = tableId();
            indexesBefore = query("SELECT DISTINCT index_name FROM information_schema.statistics"
                    + " WHERE table_schema = DATABASE() AND table_name = '" + table + "'");
        }
    }

    @Override
    public void afterStep(String version, Phase phase, int index) {
        if (watched(version, phase, index)) {
            idAfter = tableId();
        }
    }

    /** The table's id before the step. */
    Object idBefore() {
        return idBefore;
    }

    /** The table's id after the step; null if the step never ran. */
    Object idAfter() {
        return idAfter;
    }

    /** The names of the table's indexes before the step, each in a row of its own. */
    List<List<Object>> indexesBefore() {
        return indexesBefore;
    }

    private boolean watched(String version, Phase phase, int index) {
        return version.equals("2") && phase == Phase.CONTRACT && index == step;
    }

    private Object tableId() {
        return query("SELECT table_id FROM information_schema." + (db.flavor() == Flavor.MARIADB ? "innodb_sys_tables"
                : "innodb_tables") + " WHERE name = CONCAT(DATABASE(), '/" + table + "')").get(0).get(0);
    }

    private List<List<Object>> query(String sql) {
        try {
            return db.query(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
