package dev.tandem.mysql.internal;

import dev.tandem.spi.Step;
import java.util.List;

/**
 * What an operation's backfill is: every row of {@code table} gets {@code column = (expression)} where
 * its {@code kind} says it must. A value: the operation describes it, {@link #steps()} turns it into the
 * step that runs it (see {@link Steps#backfill}).
 *
 * @param where the operation, as {@link Where#text()} says it
 */
record BackfillTask(String where, String version, String table, String column, String expression,
                    BackfillSql.Kind kind) {

    List<Step> steps() {
        return Steps.backfill(where, version, table, column, expression, kind);
    }
}
