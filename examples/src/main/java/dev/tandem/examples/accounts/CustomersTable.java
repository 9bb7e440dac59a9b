package dev.tandem.examples.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/**
 * What every version's data access shares: reading rows of {@code customers} as text, its columns
 * joined with {@code " | "}. Only the columns a version reads differ.
 */
abstract class CustomersTable implements Accounts {

    protected final DataSource dataSource;
    private final String columns;

    protected CustomersTable(DataSource dataSource, String columns) {
        this.dataSource = dataSource;
        this.columns = columns;
    }

    @Override
    public String read(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM customers WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? row(rs, 1) : null;
            }
        }
    }

    @Override
    public void readAll(BiConsumer<Long, String> each) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, " + columns + " FROM customers");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                each.accept(rs.getLong(1), row(rs, 2));
            }
        }
    }

    private static String row(ResultSet rs, int from) throws SQLException {
        StringBuilder out = new StringBuilder();
        for (int i = from; i <= rs.getMetaData().getColumnCount(); i++) {
            out.append(i > from ? " | " : "").append(rs.getString(i));
        }
        return out.toString();
    }

    /** The ids a query with one text parameter finds. */
    protected List<Long> ids(String sql, String parameter) throws SQLException {
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
