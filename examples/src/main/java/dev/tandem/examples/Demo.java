package dev.tandem.examples;

import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.EmbeddedMariaDb;
import dev.tandem.testing.TestDatabase;
import dev.tandem.testing.TestServers;
import java.util.List;

/**
 * The README's first command. For now it shows the ground Tandem stands on: an embedded MariaDB
 * starts from a jar, and a column is added to a table with data by an INSTANT (metadata-only) ALTER,
 * which is how Tandem's expand phase adds columns without blocking the application.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Tandem demo: starting an embedded MariaDB (the first run unpacks it, ~20 s)...");
        DatabaseServer server = TestServers.started(new EmbeddedMariaDb());
        System.out.println("Server up: " + server.label() + " at " + server.jdbcUrl(""));
        try {
            showInstantAddColumn(server);
        } finally {
            TestServers.stopAll();
        }
        System.out.println("Done. The rolling-deploy demo (v1 and v2 nodes under load) is on the roadmap; see README.");
    }

    private static void showInstantAddColumn(DatabaseServer server) throws Exception {
        try (TestDatabase db = TestDatabase.create(server)) {
            db.execute(
                    "CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL)",
                    "INSERT INTO customers (name) VALUES ('Ada Lovelace'), ('Grace Hopper'), ('Edsger Dijkstra')");
            long started = System.nanoTime();
            db.execute("ALTER TABLE customers ADD COLUMN nickname VARCHAR(50) NULL INVISIBLE, ALGORITHM=INSTANT");
            long micros = (System.nanoTime() - started) / 1_000;

            System.out.printf("ALTER TABLE customers ADD COLUMN nickname ... INVISIBLE, ALGORITHM=INSTANT took %.1f ms%n",
                    micros / 1000.0);
            List<List<Object>> columns = db.query("SELECT column_name, is_nullable, extra FROM information_schema.columns"
                    + " WHERE table_schema = DATABASE() AND table_name = 'customers' ORDER BY ordinal_position");
            columns.forEach(c -> System.out.printf("  column %-9s nullable=%-3s %s%n", c.get(0), c.get(1), c.get(2)));
            System.out.println("SELECT * still returns the old shape (old code keeps working): "
                    + db.query("SELECT * FROM customers ORDER BY id LIMIT 1"));
        }
    }
}
