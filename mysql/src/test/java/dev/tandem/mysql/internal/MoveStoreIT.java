package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.TableNames;
import dev.tandem.TandemException;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;

/** The move's record as the instances read it, over a network that may drop. */
class MoveStoreIT {

    /**
     * A read of the move's record through a network that stopped passing packets: it waited for the operating
     * system's TCP timeout (a quarter of an hour), and an instance that held its connections for a cut-over read
     * on, held, long after the cut-over was abandoned. It fails after its own network timeout.
     */
    @ServerTest
    void aReadOverANetworkThatDropsFailsAfterItsTimeout(TestDatabase db) throws Exception {
        // The proxy closes first: the pool's close would wait for a connection it is making through the frozen proxy.
        try (HikariDataSource pool = new HikariDataSource(); FreezingProxy proxy = new FreezingProxy(db.url())) {
            pool.setJdbcUrl(proxy.url(db.url()));
            pool.setMinimumIdle(0);
            pool.setUsername(db.user());
            pool.setPassword(db.password());
            pool.setMaximumPoolSize(1);
            MySqlMoveStore store = new MySqlMoveStore(pool, TableNames.withPrefix(TableNames.DEFAULT_PREFIX));
            store.create();
            assertThat(store.read()).isEmpty();

            proxy.freeze();
            long started = System.nanoTime();
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(40), () ->
                    assertThatThrownBy(store::read).isInstanceOf(TandemException.class));
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isGreaterThanOrEqualTo(MySqlMoveStore.READ_TIMEOUT.minusSeconds(1));
        }
    }
}
