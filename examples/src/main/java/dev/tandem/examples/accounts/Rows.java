package dev.tandem.examples.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/** The JDBC every version's reads share; only the columns differ. */
final class Rows {

    private Rows() {
    }

    /** A row's columns joined with {@code " | "}: how every version shows what it reads. */
    static String row(ResultSet rs, int from) throws SQLException {
        StringBuilder out = new StringBuilder();
        for (int i = from; i <= rs.getMetaData().getColumnCount(); i++) {
            out.append(i > from ? " | " : "").append(rs.getString(i));
        }
        return out.toString();
    }

    static String readOne(DataSource dataSource, String columns, long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM customers WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? row(rs, 1) : null;
            }
        }
    }

    static void readEvery(DataSource dataSource, String columns, BiConsumer<Long, String> each)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, " + columns + " FROM customers");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                each.accept(rs.getLong(1), row(rs, 2));
            }
        }
    }

    static List<Long> ids(DataSource dataSource, String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }
}
