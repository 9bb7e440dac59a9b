package dev.tandem.examples.accounts;

/**
 * A customer account as the business sees it, whatever the schema version: what a client asked to
 * store. Each app version maps it to and from its own shape of the {@code customers} table.
 */
public record Account(String firstName, String lastName, String email, long balanceCents, String status) {

    /** The status a row gets when the writer does not know statuses (v1): the column's default. */
    public static final String DEFAULT_STATUS = "active";

    public Account withStatus(String newStatus) {
        return new Account(firstName, lastName, email, balanceCents, newStatus);
    }
}
