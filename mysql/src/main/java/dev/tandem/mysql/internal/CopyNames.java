package dev.tandem.mysql.internal;

import dev.tandem.spi.Step;
import java.util.List;

/**
 * The names of what a copy-based backfill ({@link CopyExpand}) of one migration's column on one table
 * creates, derived from the migration, the table and the column as the sync triggers' names are (so two
 * backfills never share one), each shortened with a checksum past 64 characters:
 *
 * @param copy        the copy of the table, in the new shape, which becomes the table at the swap
 * @param old         the table's name after the swap, kept until the contract
 * @param carryInsert the trigger on the table that carries each insert into the copy
 * @param carryUpdate the one that carries updates
 * @param carryDelete the one that carries deletes
 */
record CopyNames(String copy, String old, String carryInsert, String carryUpdate, String carryDelete) {

    /**
     * Every name {@link #old} gives, as a {@code LIKE} pattern whose escape character is {@code |} (an
     * underscore alone would match any character).
     */
    static final String OLD_LIKE = "|_tandem|_%|_old";

    static CopyNames of(String version, String table, String column) {
        String stem = SyncTrigger.stem(version, table, column);
        return new CopyNames(Identifiers.shortened(stem, "_new"), Identifiers.shortened(stem, "_old"),
                Identifiers.shortened(stem, "_cai"), Identifiers.shortened(stem, "_cau"), Identifiers.shortened(stem, "_cad"));
    }

    /** The carry triggers, in the order they are created (see {@link CopyExpand}). */
    List<String> carryTriggers() {
        return List.of(carryDelete, carryUpdate, carryInsert);
    }

    /**
     * What a rollback removes of a copy, wherever it stopped: the carry triggers before the copy they write
     * into (the application's writes would fail in between), then the copy, then the old table of a swap.
     * Each is a no-op when its object is not there.
     */
    List<Step> rollback(String where) {
        return List.of(Steps.sql(where + ": drop the carry trigger for deletes of a copy", dropTrigger(carryDelete)),
                Steps.sql(where + ": drop the carry trigger for updates of a copy", dropTrigger(carryUpdate)),
                Steps.sql(where + ": drop the carry trigger for inserts of a copy", dropTrigger(carryInsert)),
                Steps.sql(where + ": drop a copy not swapped in", dropTable(copy)),
                Steps.sql(where + ": drop the table a copy replaced", dropTable(old)));
    }

    /**
     * What the contract removes: the table a copy replaced, which still holds its rows as they were at the
     * swap; left where the policy asks ({@link DropReplacedTable}).
     */
    Step contract(String where) {
        return new DropReplacedTable(where, old);
    }

    static String dropTrigger(String name) {
        return Steps.TriggerPair.dropSql(name);
    }

    static String dropTable(String name) {
        return "DROP TABLE IF EXISTS " + Identifiers.quote(name);
    }
}
