package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;

/**
 * The server's warnings that a value does not fit: NULL where the column is NOT NULL, out of range,
 * truncated, incorrect, too long, a division by zero, a date overflow. In strict mode a statement that
 * writes rows fails on one of them; a read, or a write outside strict mode, only warns, and stores the
 * value cut short or changed. Notes (a DECIMAL rounded, say) are not counted: strict mode lets them pass.
 */
final class ValueWarnings {

    /** The codes (the servers share them). */
    private static final Set<Integer> CODES = Set.of(1048, 1264, 1265, 1292, 1365, 1366, 1367, 1406, 1441);
    private static final String WARNING = "Warning";

    private ValueWarnings() {
    }

    /** The message of the first such warning the last statement on {@code c} raised, if any. */
    static Optional<String> ofLastStatement(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet warnings = s.executeQuery("SHOW WARNINGS")) {
            while (warnings.next()) {
                if (WARNING.equalsIgnoreCase(warnings.getString("Level")) && CODES.contains(warnings.getInt("Code"))) {
                    return Optional.of(warnings.getString("Message"));
                }
            }
        }
        return Optional.empty();
    }
}
