package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait that InnoDB's adaptive hash index adds to a DDL on a big table, told before it happens. A statement
 * after which InnoDB loads the table's definition anew first removes the table's entries from that index, one
 * record at a time, while it holds the table's metadata lock, and every request on the table queues behind it.
 * Which statements do differs by server (measured, {@code HashIndexStallBenchmark}, 3 million rows just
 * loaded: MySQL 8.0.31 an {@code ALTER TABLE}, even {@code ALGORITHM=INSTANT}, 100 ms and a {@code RENAME TABLE}
 * 199 ms, a {@code CREATE TRIGGER} 18 ms; MariaDB 11.4.5 a {@code CREATE TRIGGER} 113 ms and a {@code RENAME
 * TABLE} 134 ms, an {@code ALTER TABLE} 8 ms; with the index off every one 7-25 ms). Only the first such
 * statement pays, until the application's reads fill the index again. MySQL 8.0 has the index on by default;
 * MySQL 8.4 and MariaDB 10.5 turned it off. Tandem does not change a server's global settings: it tells the
 * user, once per table and phase, where a table is big enough for the wait to matter.
 */
final class HashIndexStall {

    private static final Logger LOG = LoggerFactory.getLogger(HashIndexStall.class);

    /** From here the wait passes about 100 ms (35 ms a million rows at the least, measured above). */
    static final long WARN_FROM_ROWS = 3_000_000;
    /** The least and the most measured, in ms per million rows of the table (see the class comment). */
    private static final int LEAST_MS_PER_MILLION_ROWS = 35;
    private static final int MOST_MS_PER_MILLION_ROWS = 65;

    private static final String NAME = Identifiers.WRITTEN_NAME;
    /** The statements that may make InnoDB load a table's definition anew, and the table they hold first. */
    private static final Pattern HOLDS_TABLE = Pattern.compile("^\\s*(?:"
            + "ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+" + NAME
            + "|RENAME\\s+TABLES?\\s+" + NAME
            + "|CREATE\\s+(?:DEFINER\\s*=\\s*\\S+\\s+)?TRIGGER\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME
            + "\\s+(?:BEFORE|AFTER)\\s+(?:INSERT|UPDATE|DELETE)\\s+ON\\s+" + NAME
            + "|CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+" + NAME + "\\s+ON\\s+" + NAME + ")", Pattern.CASE_INSENSITIVE);

    private final Connection connection;
    private final long warnFromRows;
    private final Set<String> checked = new HashSet<>();
    /** Whether the server's adaptive hash index is on; read at the first statement that holds a table. */
    private Boolean indexOn;

    HashIndexStall(Connection connection) {
        this(connection, WARN_FROM_ROWS);
    }

    HashIndexStall(Connection connection, long warnFromRows) {
        this.connection = connection;
        this.warnFromRows = warnFromRows;
    }

    /** Warns, before {@code sql} runs, if it may hold a table of its schema long enough to matter (once per table). */
    void beforeDdl(String sql) {
        Optional<String> table = tableHeldBy(sql);
        if (table.isEmpty() || !checked.add(table.get().toLowerCase(Locale.ROOT))) {
            return;
        }
        try {
            if (indexOn == null) {
                indexOn = indexOn(connection);
            }
            if (indexOn) {
                warning(table.get(), new SchemaInspector(connection).estimatedRows(table.get()), warnFromRows)
                        .ifPresent(LOG::warn);
            }
        } catch (SQLException e) {
            LOG.debug("Could not tell whether the adaptive hash index makes DDL on {} wait: {}", table.get(), e.getMessage());
        }
    }

    /** Whether InnoDB's adaptive hash index is on (a server without the setting has none). */
    static boolean indexOn(Connection connection) throws SQLException {
        List<List<String>> setting = Jdbc.rows(connection, "SHOW GLOBAL VARIABLES LIKE 'innodb_adaptive_hash_index'");
        return !setting.isEmpty() && setting.get(0).get(1).equalsIgnoreCase("ON");
    }

    /** The table in this schema that {@code sql} holds first, unquoted, if it is a statement that may reload one. */
    static Optional<String> tableHeldBy(String sql) {
        Matcher m = HOLDS_TABLE.matcher(sql);
        if (!m.find()) {
            return Optional.empty();
        }
        // Groups: the ALTER's table, the RENAME's, the trigger's name and table, the index's name and table.
        String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4) != null ? m.group(4) : m.group(6);
        if (name.replaceAll("`(?:[^`]|``)+`", "q").contains(".")) {
            return Optional.empty(); // another schema's table: its size is not this schema's to read
        }
        return Optional.of(Identifiers.unquoted(name));
    }

    /** What to tell the user of a DDL on {@code table}, of about {@code rows} rows, with the index on; nothing under {@code warnFromRows}. */
    static Optional<String> warning(String table, long rows, long warnFromRows) {
        if (rows < warnFromRows) {
            return Optional.empty();
        }
        long least = rows * LEAST_MS_PER_MILLION_ROWS / 1_000_000;
        long most = rows * MOST_MS_PER_MILLION_ROWS / 1_000_000;
        return Optional.of(String.format("%s holds about %,d rows and InnoDB's adaptive hash index is on"
                + " (innodb_adaptive_hash_index): the first DDL on %s of this phase may hold it for about %,d-%,d ms while"
                + " InnoDB removes its entries from that index (%d-%d ms per million rows of the table in the buffer pool,"
                + " measured), and the application's requests on %s wait that long. To avoid the wait, SET GLOBAL"
                + " innodb_adaptive_hash_index = OFF before the deploy (the default of MySQL 8.4 and MariaDB 10.5 on),"
                + " and back ON after it if your workload gains from it", table, rows, table, least, most,
                LEAST_MS_PER_MILLION_ROWS, MOST_MS_PER_MILLION_ROWS, table));
    }
}
