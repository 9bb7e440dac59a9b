package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The first look of a copy's verification at a chunk ({@link CopySql#checksumTable}, {@link CopySql#checksumCopy}),
 * on the real servers: equal rows agree, and every kind of change shows, two rows changed alike too, which
 * a linear hash such as CRC-32 (or two of them) would miss, its XOR over the chunk cancelling them out.
 */
class CopyChecksumIT {

    /** Each change to the copy, made alone and rolled back: the first look must see every one of them. */
    private static final List<String> CHANGES = List.of(
            "UPDATE c SET name = 'a', note = 'b#c' WHERE id = 1",          // the separator moved from one value to the next
            "UPDATE c SET raw = x'00fe' WHERE id = 1",                      // one bit of bytes
            "UPDATE c SET amount = 1.51 WHERE id = 1",
            "UPDATE c SET at = '2026-01-01 00:00:01' WHERE id = 1",
            "UPDATE c SET note = NULL WHERE id = 3",                        // NULL for a value
            "UPDATE c SET note = '' WHERE id = 3",                          // an empty string for a value
            "UPDATE c SET name = '' WHERE id = 2",                          // an empty string for NULL
            "UPDATE c SET name = 'Ä' WHERE id = 3",                         // another character, the same under the collation
            "UPDATE c SET name = 'SAME' WHERE id IN (4, 5)",                // two rows changed alike: a linear hash (CRC) cancels out
            "DELETE FROM c WHERE id = 2");

    @ServerTest
    void equalRowsAgreeAndEveryChangeShows(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) NULL, note TEXT NULL, amount DECIMAL(10,2) NULL,"
                        + " at DATETIME NULL, raw VARBINARY(8) NULL, target VARCHAR(20) NULL) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_general_ci",
                "INSERT INTO t (id, name, note, amount, at, raw) VALUES (1, 'a#b', 'c', 1.50, '2026-01-01 00:00:00', x'00ff'),"
                        + " (2, NULL, '', NULL, NULL, NULL), (3, 'a', 'x', 0, '1999-12-31 23:59:59', x''),"
                        + " (4, 'same', 'n', 1, NULL, x'01'), (5, 'same', 'n', 1, NULL, x'01')",
                "CREATE TABLE c LIKE t", "INSERT INTO c SELECT * FROM t");
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            CopySql sql = new CopySql("t", "c", new BackfillKey(List.of("id"), true), new SchemaInspector(c).columns("t"),
                    "target", "UPPER(name)", BackfillSql.Kind.SYNCED, "FALSE");
            assertThat(first(c, sql.checksumCopy(null))).as("equal rows").isEqualTo(first(c, sql.checksumTable(null, false)));
            for (String change : CHANGES) {
                try (var s = c.createStatement()) {
                    s.executeUpdate(change);
                }
                assertThat(first(c, sql.checksumCopy(null))).as("after " + change).isNotEqualTo(first(c, sql.checksumTable(null, false)));
                c.rollback();
            }
        }
    }

    /** The count and the hash the first look gives for the rows up to key 5. */
    private static List<String> first(Connection c, String statement) throws SQLException {
        try (PreparedStatement s = new BackfillKey(List.of("id"), true).statement(c, statement, null, List.of("5"));
             ResultSet rs = s.executeQuery()) {
            rs.next();
            List<String> row = new ArrayList<>();
            row.add(rs.getString(1));
            row.add(rs.getString(2));
            return row;
        }
    }
}
