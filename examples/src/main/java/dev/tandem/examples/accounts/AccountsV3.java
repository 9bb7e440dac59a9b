package dev.tandem.examples.accounts;

import javax.sql.DataSource;

/**
 * Version 3: the same data access as v2, shipped with no new migration. Its deploy runs the contract
 * (old columns dropped, balance_cents widened), after which it stores balances beyond the INT range.
 */
public class AccountsV3 extends AccountsV2 {

    public AccountsV3(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    public long maxBalanceCents() {
        return 1_000_000_000_000L;
    }
}
