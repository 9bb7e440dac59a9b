package dev.tandem.examples.accounts;

import java.util.List;
import javax.sql.DataSource;

/**
 * Version 3: the same data access as v2, shipped with no new migration. Its deploy runs the contract
 * (old columns dropped, new ones made visible, balance_cents widened), after which it stores balances
 * beyond the INT range and reads with {@code SELECT *} too: the visible shape is now its own.
 */
public class AccountsV3 extends AccountsV2 {

    public AccountsV3(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    public List<ReadForm> readForms() {
        return List.of(ReadForm.values());
    }

    @Override
    public long maxBalanceCents() {
        return 1_000_000_000_000L;
    }
}
