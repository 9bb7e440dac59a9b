package dev.tandem.mysql.internal;

import static dev.tandem.internal.text.ByteSizes.readable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The disk space a copy of a table takes, against what the server's disk has free (where the server says:
 * {@link DiskSpace}). A copy that fills the disk stops the server's writes, the application's with them;
 * so a copy the disk cannot hold is a problem before anything runs, as the other obstacles of
 * {@link CopySafety} are, and where the server does not say, the plan and the log say what it needs.
 *
 * @param tableBytes the table's data and indexes, as the server estimates them
 * @param freeBytes  what the disk of the server's data directory has free; empty when the server does not say
 */
record CopySpace(long tableBytes, OptionalLong freeBytes) {

    /**
     * The space a copy needs, in times the table's size: the copy itself holds the table's rows and indexes
     * again, and a quarter more for the new column's values and the other writes meanwhile. (The binary
     * log's images of every row written are not counted: an update in place writes them too, before and
     * after images, so they do not tell the two strategies apart.)
     */
    static final double NEEDED_PER_TABLE_BYTE = 1.25;
    /** For a backfill that never copies: nothing read, nothing in the way. */
    static final CopySpace NOT_READ = new CopySpace(0, OptionalLong.empty());

    /** The size of {@code table} and the server's free disk space, as the server tells them now. */
    static CopySpace read(Connection connection, String table) throws SQLException {
        TableStorage storage = new SchemaInspector(connection).storage(table).orElse(null);
        return new CopySpace(storage == null ? 0 : storage.bytes(), DiskSpace.free(connection));
    }

    /** This space, for a table of at least {@code bytes}. */
    CopySpace atLeast(long bytes) {
        return new CopySpace(Math.max(tableBytes, bytes), freeBytes);
    }

    long neededBytes() {
        return (long) Math.ceil(tableBytes * NEEDED_PER_TABLE_BYTE);
    }

    /** What stands in the way of the copy: a disk that has less free than it needs. */
    Optional<String> problem() {
        if (freeBytes.isEmpty() || freeBytes.getAsLong() >= neededBytes()) {
            return Optional.empty();
        }
        return Optional.of("the server's disk has " + readable(freeBytes.getAsLong()) + " free, and a copy of the table ("
                + readable(tableBytes) + ") needs about " + readable(neededBytes()) + " until the contract drops the old table");
    }

    /** What the copy takes, for the plan and the log. */
    String note() {
        return "it takes about " + readable(neededBytes()) + " of the server's disk until the contract drops the old table ("
                + (freeBytes.isPresent() ? readable(freeBytes.getAsLong()) + " free"
                : "the server does not say how much is free; on MariaDB the disks plugin lets Tandem check") + ")";
    }
}
