package dev.tandem.examples.accounts;

import java.sql.SQLException;
import java.util.List;

/**
 * The data access of one app version: how it writes an {@link Account}, and what it reads back, as
 * text in its own shape ({@link #view}), so a reader can be checked against what was written.
 */
public interface Accounts {


    /** Stores a new account; returns its id. */
    long create(Account account) throws SQLException;

    /** Replaces what this version knows of account {@code id}. */
    void update(long id, Account account) throws SQLException;

    /** The stored account in this version's shape, or null when there is no such row. */
    String read(long id) throws SQLException;

    /** Every stored account in this version's shape, by id: for a final check of every write. */
    void readAll(java.util.function.BiConsumer<Long, String> each) throws SQLException;

    /** The ids this version's search finds for the account's name. */
    List<Long> search(Account account) throws SQLException;

    /** How this version shows {@code account}: what {@link #read} must return for it. */
    String view(Account account);

    /**
     * What the account is after this version wrote {@code written} over {@code before} (null for a
     * create): a version that does not know a field leaves it as it was.
     */
    Account afterWrite(Account before, Account written);

    /** The largest balance this version writes: v2 keeps to INT until the contract widens the column. */
    long maxBalanceCents();
}
