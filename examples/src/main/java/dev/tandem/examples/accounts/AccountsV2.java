package dev.tandem.examples.accounts;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Version 2: first and last name, {@code email_address}, a status, search by last name (indexed).
 * It never touches {@code name} or {@code email}: the triggers keep them right for v1 nodes. It
 * keeps balances within INT until the contract widens the column (v3 does not need to).
 *
 * <p>It names its columns in every statement: until the contract they are INVISIBLE, so a positional
 * INSERT or a {@code SELECT *} would still get v1's shape.
 */
public class AccountsV2 extends CustomersTable {

    public AccountsV2(DataSource dataSource) {
        super(dataSource, List.of("first_name", "last_name", "email_address", "balance_cents", "status"));
    }

    @Override
    protected List<Object> values(Account a) {
        return List.of(a.firstName(), a.lastName(), a.email(), a.balanceCents(), a.status());
    }

    @Override
    public List<Long> search(Account a) throws SQLException {
        return ids("SELECT id FROM customers WHERE last_name = ?", a.lastName());
    }

    @Override
    public Account afterCreate(Account written) {
        return written;
    }

    /** v2 knows every field: whatever the form, the account is what it wrote. */
    @Override
    public Account afterWrite(Account before, Account written, UpdateForm form) {
        return written;
    }

    @Override
    public long maxBalanceCents() {
        return Integer.MAX_VALUE;
    }
}
