package dev.tandem.examples.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What every version's data access shares: the SQL of each write and read form over the columns a
 * version knows, and rows as text, its columns joined with {@code " | "}. A version says only which
 * columns it knows, the values an account gives them, and which forms its code uses.
 */
abstract class CustomersTable implements Accounts {

    /** The defaults of the table's columns, as text: what a column an insert leaves out gets. */
    private static final Map<String, String> DEFAULTS = Map.of("balance_cents", "0", "status", Account.DEFAULT_STATUS);

    protected final DataSource dataSource;
    private final List<String> columns;

    protected CustomersTable(DataSource dataSource, List<String> columns) {
        this.dataSource = dataSource;
        this.columns = columns;
    }

    /** The values of this version's columns for {@code account}, in the order of its columns. */
    protected abstract List<Object> values(Account account);

    @Override
    public List<InsertForm> insertForms() {
        return List.of(InsertForm.COLUMN_LIST, InsertForm.DEFAULTS_OMITTED);
    }

    @Override
    public List<UpdateForm> updateForms() {
        return List.of(UpdateForm.values());
    }

    @Override
    public List<ReadForm> readForms() {
        return List.of(ReadForm.COLUMN_LIST);
    }

    @Override
    public String view(Account account) {
        return values(account).stream().map(String::valueOf).collect(Collectors.joining(" | "));
    }

    @Override
    public List<Long> create(List<Account> accounts, InsertForm form) throws SQLException {
        List<List<Object>> rows = accounts.stream().map(this::values).toList();
        List<Integer> written = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (form != InsertForm.DEFAULTS_OMITTED || !defaultInEvery(rows, i)) {
                written.add(i);
            }
        }
        String target = form == InsertForm.POSITIONAL ? ""
                : " (" + written.stream().map(columns::get).collect(Collectors.joining(", ")) + ")";
        String row = "(" + (form == InsertForm.POSITIONAL ? "NULL, " : "") + placeholders(written.size()) + ")";
        String sql = "INSERT INTO customers" + target + " VALUES " + String.join(", ", Collections.nCopies(rows.size(), row));
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            int parameter = 1;
            for (List<Object> values : rows) {
                for (int i : written) {
                    s.setObject(parameter++, values.get(i));
                }
            }
            s.executeUpdate();
            List<Long> ids = new ArrayList<>();
            try (ResultSet keys = s.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
            }
            if (ids.size() != rows.size()) {
                throw new SQLException(sql + " inserted " + rows.size() + " rows but returned the ids " + ids);
            }
            return ids;
        }
    }

    private boolean defaultInEvery(List<List<Object>> rows, int column) {
        String defaultValue = DEFAULTS.get(columns.get(column));
        return defaultValue != null && rows.stream().allMatch(values -> defaultValue.equals(String.valueOf(values.get(column))));
    }

    @Override
    public void update(long id, Account account, UpdateForm form) throws SQLException {
        String named = String.join(", ", columns);
        String sql = switch (form) {
            case UPDATE -> "UPDATE customers SET " + columns.stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
                    + " WHERE id = ?";
            case UPSERT -> "INSERT INTO customers (" + named + ", id) VALUES (" + placeholders(columns.size() + 1) + ")"
                    + " ON DUPLICATE KEY UPDATE " + columns.stream().map(c -> c + " = VALUES(" + c + ")")
                    .collect(Collectors.joining(", "));
            case REPLACE -> "REPLACE INTO customers (" + named + ", id) VALUES (" + placeholders(columns.size() + 1) + ")";
        };
        // Rows changed when the account exists: an UPSERT or a REPLACE that inserted instead (1) would
        // bring back a row that was lost, and hide that from the final check.
        int existing = form == UpdateForm.UPDATE ? 1 : 2;
        changeOne(sql, existing, values(account), id);
    }

    @Override
    public void delete(long id) throws SQLException {
        changeOne("DELETE FROM customers WHERE id = ?", 1, List.of(), id);
    }

    /** Runs a write of account {@code id} ({@code values}, then the id) that must change {@code expected} rows. */
    private void changeOne(String sql, int expected, List<Object> values, long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                s.setObject(i + 1, values.get(i));
            }
            s.setLong(values.size() + 1, id);
            int changed = s.executeUpdate();
            if (changed != expected) {
                throw new SQLException(sql + " for account " + id + " changed " + changed + " rows, not " + expected);
            }
        }
    }

    @Override
    public String read(long id, ReadForm form) throws SQLException {
        String selected = form == ReadForm.SELECT_STAR ? "*" : String.join(", ", columns);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + selected + " FROM customers WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (form == ReadForm.SELECT_STAR) {
                    requireKnownColumns(rs.getMetaData());
                }
                return rs.next() ? row(rs) : null;
            }
        }
    }

    /**
     * {@code SELECT *} returns the columns of the table's visible shape: this version's, and the id. A
     * column it does not know means a migration changed the shape under running code (an expand that
     * added a visible column): the mapping fails, as a strict row mapper or positional code would.
     */
    private void requireKnownColumns(ResultSetMetaData metadata) throws SQLException {
        Set<String> returned = new TreeSet<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            returned.add(metadata.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        Set<String> known = new TreeSet<>(columns);
        known.add("id");
        if (!returned.equals(known)) {
            throw new SQLException("SELECT * returned the columns " + returned + ", this version knows " + known);
        }
    }

    @Override
    public void readAll(BiConsumer<Long, String> each) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, " + String.join(", ", columns) + " FROM customers");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                each.accept(rs.getLong("id"), row(rs));
            }
        }
    }

    /** This version's columns of the current row, by name, as text. */
    private String row(ResultSet rs) throws SQLException {
        List<String> values = new ArrayList<>();
        for (String column : columns) {
            values.add(rs.getString(column));
        }
        return String.join(" | ", values);
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
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
