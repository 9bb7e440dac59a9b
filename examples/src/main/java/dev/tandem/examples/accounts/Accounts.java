package dev.tandem.examples.accounts;

import java.sql.SQLException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The data access of one app version: how it writes an {@link Account}, and what it reads back, as
 * text in its own shape ({@link #view}), so a reader can be checked against what was written. Like
 * real code, a version writes and reads in several SQL forms ({@link #insertForms}, {@link
 * #updateForms}, {@link #readForms}); each call says which one to use.
 */
public interface Accounts {

    /** How a version inserts rows. */
    enum InsertForm {
        /** {@code INSERT INTO customers (its columns) VALUES (...)}. */
        COLUMN_LIST("INSERT (columns)"),
        /**
         * {@code INSERT INTO customers VALUES (NULL, ...)}: a value for every visible column, in table
         * order. Only code that knows the table's visible shape can write it.
         */
        POSITIONAL("INSERT VALUES (positional)"),
        /**
         * The column list without the columns whose value is the column's default in every row, as
         * ORMs with dynamic inserts write: the server fills them.
         */
        DEFAULTS_OMITTED("INSERT (defaults omitted)");

        private final String label;

        InsertForm(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** How a version changes a stored account. */
    enum UpdateForm {
        /** {@code UPDATE customers SET ... WHERE id = ?}. */
        UPDATE("UPDATE"),
        /** {@code INSERT INTO customers (..., id) VALUES (...) ON DUPLICATE KEY UPDATE c = VALUES(c), ...}. */
        UPSERT("INSERT ... ON DUPLICATE KEY UPDATE"),
        /** {@code REPLACE INTO customers (..., id) VALUES (...)}: deletes the row and inserts it anew. */
        REPLACE("REPLACE");

        private final String label;

        UpdateForm(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** How a version reads an account. */
    enum ReadForm {
        /** {@code SELECT its columns FROM customers WHERE id = ?}. */
        COLUMN_LIST("SELECT columns"),
        /** {@code SELECT * FROM customers WHERE id = ?}, columns mapped by name, none unknown to the version. */
        SELECT_STAR("SELECT *");

        private final String label;

        ReadForm(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The insert forms this version's code uses. */
    List<InsertForm> insertForms();

    /** The update forms this version's code uses. */
    List<UpdateForm> updateForms();

    /** The read forms this version's code uses. */
    List<ReadForm> readForms();

    /** Stores new accounts in one statement; returns their ids, in order. */
    List<Long> create(List<Account> accounts, InsertForm form) throws SQLException;

    /** Replaces what this version knows of account {@code id}, which must exist. */
    void update(long id, Account account, UpdateForm form) throws SQLException;

    /** Deletes account {@code id}, which must exist. */
    void delete(long id) throws SQLException;

    /** The stored account in this version's shape, or null when there is no such row. */
    String read(long id, ReadForm form) throws SQLException;

    /** Every stored account in this version's shape, by id: for a final check of every write. */
    void readAll(BiConsumer<Long, String> each) throws SQLException;

    /** The ids this version's search finds for the account's name. */
    List<Long> search(Account account) throws SQLException;

    /** How this version shows {@code account}: what {@link #read} must return for it. */
    String view(Account account);

    /** What a row this version created from {@code written} holds: fields it does not know get their defaults. */
    Account afterCreate(Account written);

    /**
     * What the account is after this version wrote {@code written} over {@code before} in {@code form}.
     * UPDATE and INSERT ... ON DUPLICATE KEY UPDATE set only the columns the version names, so a field it
     * does not know keeps its value; REPLACE deletes the row and inserts it anew, so such a field gets
     * its default, as in a create.
     */
    Account afterWrite(Account before, Account written, UpdateForm form);

    /** The largest balance this version writes: v2 keeps to INT until the contract widens the column. */
    long maxBalanceCents();
}
