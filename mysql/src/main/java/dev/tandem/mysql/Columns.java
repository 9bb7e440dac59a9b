package dev.tandem.mysql;

import dev.tandem.spi.StepContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A column as information_schema describes it, read when a step runs. */
record Columns(String type, String characterSet, String collation, boolean nullable, boolean hasDefault) {

    /** The column, or an error naming the operation, table and column when it does not exist. */
    static Columns describe(StepContext context, String table, String column, String where) throws SQLException {
        try (PreparedStatement s = context.connection().prepareStatement("SELECT column_type, character_set_name,"
                + " collation_name, is_nullable, column_default IS NOT NULL FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?")) {
            s.setString(1, table);
            s.setString(2, column);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException(where + ": the table " + table + " has no column " + column);
                }
                return new Columns(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4).equals("YES"),
                        rs.getBoolean(5));
            }
        }
    }

    /** The type with its character set and collation, for a column that must hold the same values. */
    String definition() {
        return type + (characterSet == null ? "" : " CHARACTER SET " + characterSet + " COLLATE " + collation);
    }
}
