package dev.tandem.mysql.internal;

/**
 * How an application table is stored, as {@code information_schema.tables} describes it.
 *
 * @param engine      its storage engine, e.g. {@code InnoDB}
 * @param partitioned whether it is partitioned
 * @param bytes       its data and indexes, as the server estimates them
 * @param versioned   whether it keeps the history of its rows (MariaDB's {@code WITH SYSTEM VERSIONING})
 */
record TableStorage(String engine, boolean partitioned, long bytes, boolean versioned) {

    boolean isInnoDb() {
        return "InnoDB".equalsIgnoreCase(engine);
    }
}
