package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;

/**
 * Which server a step runs on, for the few statements and information_schema spellings that differ
 * between MySQL and MariaDB. Read from the connection's metadata, whose server version the driver
 * keeps since connecting: asking costs no round trip, so nothing is cached here.
 */
final class ServerFlavor {

    private ServerFlavor() {
    }

    static boolean isMariaDb(StepContext context) throws SQLException {
        return Jdbc.isMariaDb(context.connection());
    }
}
