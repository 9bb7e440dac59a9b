package dev.tandem.examples.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** Version 1: one {@code name} column, {@code email}, an INT balance; no statuses. */
public class AccountsV1 extends CustomersTable {


    private static final String COLUMNS = "name, email, balance_cents";

    public AccountsV1(DataSource dataSource) {
        super(dataSource, COLUMNS);
    }

    @Override
    public long create(Account a) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO customers (name, email, balance_cents) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, a.firstName() + " " + a.lastName());
            s.setString(2, a.email());
            s.setInt(3, Math.toIntExact(a.balanceCents()));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Override
    public void update(long id, Account a) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE customers SET name = ?, email = ?, balance_cents = ? WHERE id = ?")) {
            s.setString(1, a.firstName() + " " + a.lastName());
            s.setString(2, a.email());
            s.setInt(3, Math.toIntExact(a.balanceCents()));
            s.setLong(4, id);
            s.executeUpdate();
        }
    }


    @Override
    public List<Long> search(Account a) throws SQLException {
        return ids("SELECT id FROM customers WHERE name = ?", a.firstName() + " " + a.lastName());
    }

    @Override
    public String view(Account a) {
        return a.firstName() + " " + a.lastName() + " | " + a.email() + " | " + a.balanceCents();
    }

    @Override
    public Account afterWrite(Account before, Account written) {
        return written.withStatus(before == null ? Account.DEFAULT_STATUS : before.status());
    }

    @Override
    public long maxBalanceCents() {
        return Integer.MAX_VALUE;
    }
}
