package dev.tandem.examples.accounts;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Version 1: one {@code name} column, {@code email}, an INT balance; no statuses. It was written when
 * these were the table's only columns, so it also inserts by position and reads with {@code SELECT *}:
 * v2's expand must keep that working (every column it adds is INVISIBLE until the contract).
 */
public class AccountsV1 extends CustomersTable {

    public AccountsV1(DataSource dataSource) {
        super(dataSource, List.of("name", "email", "balance_cents"));
    }

    @Override
    protected List<Object> values(Account a) {
        return List.of(a.firstName() + " " + a.lastName(), a.email(), Math.toIntExact(a.balanceCents()));
    }

    @Override
    public List<InsertForm> insertForms() {
        return List.of(InsertForm.values());
    }

    @Override
    public List<ReadForm> readForms() {
        return List.of(ReadForm.values());
    }

    @Override
    public List<Long> search(Account a) throws SQLException {
        return ids("SELECT id FROM customers WHERE name = ?", a.firstName() + " " + a.lastName());
    }

    @Override
    public Account afterCreate(Account written) {
        return written.withStatus(Account.DEFAULT_STATUS);
    }

    /** A REPLACE resets the status (a column v1 does not know) to its default, even one v2 set. */
    @Override
    public Account afterWrite(Account before, Account written, UpdateForm form) {
        return form == UpdateForm.REPLACE ? afterCreate(written) : written.withStatus(before.status());
    }

    @Override
    public long maxBalanceCents() {
        return Integer.MAX_VALUE;
    }
}
