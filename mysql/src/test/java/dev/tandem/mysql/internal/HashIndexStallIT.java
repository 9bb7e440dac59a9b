package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;

/** The adaptive hash index read as each server has it, and the warning before a DDL on a table big enough. */
class HashIndexStallIT {

    @ServerTest
    void theIndexIsReadAsTheServerHasItAndADdlOnABigEnoughTableIsToldOnce(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id INT PRIMARY KEY, a INT)", "INSERT INTO orders VALUES (1, 1), (2, 2), (3, 3)",
                "ANALYZE TABLE orders");
        String was = (String) db.query("SHOW GLOBAL VARIABLES LIKE 'innodb_adaptive_hash_index'").get(0).get(1);
        try (Connection c = db.connection()) {
            db.execute("SET GLOBAL innodb_adaptive_hash_index = OFF");
            assertThat(HashIndexStall.indexOn(c)).isFalse();
            assertThat(warnings(c, 1)).isEmpty();

            db.execute("SET GLOBAL innodb_adaptive_hash_index = ON");
            assertThat(HashIndexStall.indexOn(c)).isTrue();
            assertThat(warnings(c, 1)).singleElement().satisfies(w -> assertThat(w)
                    .contains("orders holds about 3 rows").contains("innodb_adaptive_hash_index = OFF"));
            assertThat(warnings(c, 4)).as("a table under the threshold").isEmpty();
        } finally {
            db.execute("SET GLOBAL innodb_adaptive_hash_index = " + was);
        }
    }

    /** The WARN lines of a fresh {@link HashIndexStall} before two DDLs on {@code orders} and one on no table. */
    private static List<String> warnings(Connection c, long warnFromRows) {
        HashIndexStall stall = new HashIndexStall(c, warnFromRows);
        try (CapturedLog log = CapturedLog.start()) {
            stall.beforeDdl("ALTER TABLE orders ADD COLUMN b INT");
            stall.beforeDdl("CREATE TRIGGER orders_ins BEFORE INSERT ON `orders` FOR EACH ROW SET NEW.a = 1");
            stall.beforeDdl("CREATE TABLE orders_copy LIKE orders");
            return log.events().stream().filter(e -> e.getLevel() == Level.WARN)
                    .filter(e -> e.getLoggerName().equals(HashIndexStall.class.getName()))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
