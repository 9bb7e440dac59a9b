package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a change of a table on an empty temporary copy of it ({@code CREATE TEMPORARY TABLE ... LIKE}, this
 * session's alone, dropped at once), before anything of its migration runs: what the server refuses of it
 * there it would refuse at the expand, after the operations before it had run theirs. The copy first takes
 * the changes the migration's earlier operations make to the table ({@link SchemaModel#triedChanges}), as the
 * expand makes them first: two columns that each fit beside the table's, not together, are refused too. Only
 * the errors that say the change itself is wrong count; a table no temporary copy can be made of
 * (partitioned, with a FULLTEXT index) or an account that may not make one leaves the change to the expand.
 */
final class EmptyCopyTrial {

    private static final Logger LOG = LoggerFactory.getLogger(EmptyCopyTrial.class);
    /** The temporary copy. */
    private static final String COPY = "_tandem_probe_copy";

    private EmptyCopyTrial() {
    }

    /**
     * Runs {@code ALTER TABLE <copy> <change>} on an empty temporary copy of {@code table}: the server's error
     * if its code is one of {@code refusing}; empty where the copy took the change or it could not be tried.
     */
    static Optional<SQLException> refusal(StepContext context, String where, String table, String change,
                                          Set<Integer> refusing) throws SQLException {
        try (Statement s = context.connection().createStatement()) {
            s.execute("DROP TEMPORARY TABLE IF EXISTS " + COPY);
            try {
                s.execute("CREATE TEMPORARY TABLE " + COPY + " LIKE " + Identifiers.quote(table));
            } catch (SQLException e) {
                return untried(where, table, e);
            }
            try {
                SchemaModel model = SchemaModel.of(context);
                for (String earlier : model.triedChanges(table)) {
                    s.execute("ALTER TABLE " + COPY + " " + earlier);
                }
                try {
                    s.execute("ALTER TABLE " + COPY + " " + change);
                } catch (SQLException e) {
                    return refusing.contains(e.getErrorCode()) ? Optional.of(e) : untried(where, table, e);
                }
                model.triedChange(table, change);
                return Optional.empty();
            } catch (SQLException e) {
                return untried(where, table, e);
            } finally {
                s.execute("DROP TEMPORARY TABLE " + COPY);
            }
        }
    }

    /**
     * Runs {@code change} (an {@code ADD COLUMN}, with what comes with it) on an empty copy of {@code table}:
     * refused, naming the column's {@code definition}, where the server says a definition is wrong.
     */
    static void requireColumnAccepted(StepContext context, String where, String table, String change, String definition)
            throws SQLException {
        Optional<SQLException> refused = refusal(context, where, table, change, SchemaRefusal.DEFINITION_ERRORS);
        if (refused.isPresent()) {
            throw SchemaRefusal.definitionNotAccepted(where, table, definition, refused.get());
        }
    }

    private static Optional<SQLException> untried(String where, String table, SQLException e) {
        LOG.debug("{}: not tried on an empty copy of {} ({}); the server checks it when it runs", where, table, e.getMessage());
        return Optional.empty();
    }
}
