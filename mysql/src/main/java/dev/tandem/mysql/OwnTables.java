package dev.tandem.mysql;

import dev.tandem.TableNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tandem's own tables in the target schema, under the configured names, each with the statement that creates it. */
final class OwnTables {

    /** Table name -> its {@code CREATE TABLE IF NOT EXISTS}, in the order of {@link TableNames#all()}. */
    private final Map<String, String> creates = new LinkedHashMap<>();

    OwnTables(TableNames names) {
        creates.put(names.migrations(), MySqlStateStore.create(names.migrations()));
        creates.put(names.instances(), MySqlFleetStore.create(names.instances()));
        creates.put(names.backfill(), ChunkedBackfill.create(names.backfill()));
    }

    /** Creates the tables that are missing; one that exists is left as it is. */
    void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String create : creates.values()) {
                s.execute(create);
            }
        }
    }
}
