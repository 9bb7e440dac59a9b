import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.EmbeddedMariaDb;
import dev.tandem.testing.TestServers;
import java.sql.Connection;
import java.sql.Statement;

/**
 * For run-outside-app.sh: an embedded MariaDB from Tandem's test bed with an empty database "shop";
 * prints its JDBC URL, user and password, then runs until killed (its shutdown hook stops the server).
 */
public class EmbeddedServer {
    public static void main(String[] args) throws Exception {
        DatabaseServer server = TestServers.started(new EmbeddedMariaDb());
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        System.out.println("url=" + server.jdbcUrl("shop"));
        System.out.println("user=" + server.user());
        System.out.println("password=" + server.password());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
