package dev.tandem;

import dev.tandem.internal.text.ByteSizes;

/**
 * A table that a copy-based backfill swapped out, still in the schema under the name it took at the swap:
 * the contract of its migration drops it, unless {@link TandemConfiguration#keepReplacedTables} asked it to
 * stay for the operator to remove (a large table's file can then be removed more gently than a
 * {@code DROP TABLE} does; docs/backfill.md).
 *
 * @param name          its name, e.g. {@code _tandem_7_customers_display_old}
 * @param bytes         its data and indexes, as the server estimates them
 * @param dropStatement the statement that removes it
 */
public record ReplacedTable(String name, long bytes, String dropStatement) {

    /** Its name, size and the statement that drops it, for people. */
    @Override
    public String toString() {
        return name + " (" + ByteSizes.readable(bytes) + ", the server's estimate): " + dropStatement;
    }
}
