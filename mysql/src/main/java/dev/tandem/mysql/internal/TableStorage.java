package dev.tandem.mysql.internal;

/**
 * How an application table is stored, as {@code information_schema.tables} describes it.
 *
 * @param engine      its storage engine, e.g. {@code InnoDB}
 * @param partitioned whether it is partitioned
 */
record TableStorage(String engine, boolean partitioned) {

    boolean isInnoDb() {
        return "InnoDB".equalsIgnoreCase(engine);
    }
}
