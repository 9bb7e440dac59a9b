package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;

/** The migration lock on a real server: held for as long as the work it guards, however idle its session. */
class MigrationLockIT {

    /**
     * A server that ends sessions idle for longer than its {@code wait_timeout} (here 2 s for the pool's
     * sessions) would free a lock whose session waits out a long backfill, and another node could take it.
     */
    @ServerTest
    void aLockOutlivesTheIdleTimeoutOfItsSession(TestDatabase db) throws Exception {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(db.url() + (db.url().contains("?") ? "&" : "?") + "sessionVariables=wait_timeout=2");
            pool.setUsername(db.user());
            pool.setPassword(db.password());
            MySqlMigrationLock lock = new MySqlMigrationLock(pool, "backfill:idle");
            String name;
            try (Connection c = db.connection()) {
                name = MySqlMigrationLock.lockName(Jdbc.rows(c, "SELECT DATABASE()").get(0).get(0), "backfill:idle");
            }
            lock.acquire(Duration.ofSeconds(5));
            try {
                Thread.sleep(4_000);
                assertThat(isFree(db, name)).as("held after its session idled past the pool's wait_timeout").isFalse();
            } finally {
                lock.close();
            }
            assertThat(isFree(db, name)).isTrue();
        }
    }

    private static boolean isFree(TestDatabase db, String name) throws Exception {
        try (Connection c = db.connection()) {
            return "1".equals(Jdbc.rows(c, "SELECT IS_FREE_LOCK(?)", name).get(0).get(0));
        }
    }
}
