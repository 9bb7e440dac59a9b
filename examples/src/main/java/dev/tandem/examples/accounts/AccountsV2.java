package dev.tandem.examples.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Version 2: first and last name, {@code email_address}, a status, search by last name (indexed).
 * It never touches {@code name} or {@code email}: the triggers keep them right for v1 nodes. It
 * keeps balances within INT until the contract widens the column (v3 does not need to).
 */
public class AccountsV2 extends CustomersTable {


    private static final String COLUMNS = "first_name, last_name, email_address, balance_cents, status";

    public AccountsV2(DataSource dataSource) {
        super(dataSource, COLUMNS);
    }

    @Override
    public long create(Account a) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO customers"
                + " (first_name, last_name, email_address, balance_cents, status) VALUES (?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            bind(s, a);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Override
    public void update(long id, Account a) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE customers SET"
                + " first_name = ?, last_name = ?, email_address = ?, balance_cents = ?, status = ? WHERE id = ?")) {
            bind(s, a);
            s.setLong(6, id);
            s.executeUpdate();
        }
    }

    private static void bind(PreparedStatement s, Account a) throws SQLException {
        s.setString(1, a.firstName());
        s.setString(2, a.lastName());
        s.setString(3, a.email());
        s.setLong(4, a.balanceCents());
        s.setString(5, a.status());
    }


    @Override
    public List<Long> search(Account a) throws SQLException {
        return ids("SELECT id FROM customers WHERE last_name = ?", a.lastName());
    }

    @Override
    public String view(Account a) {
        return a.firstName() + " | " + a.lastName() + " | " + a.email() + " | " + a.balanceCents() + " | " + a.status();
    }

    @Override
    public Account afterWrite(Account before, Account written) {
        return written;
    }

    @Override
    public long maxBalanceCents() {
        return Integer.MAX_VALUE;
    }
}
