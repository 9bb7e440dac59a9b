package dev.tandem.internal.move;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * A HikariCP pool of the application's own that follows moves of the database ({@code Tandem.followMoves}):
 * lent through a {@link SwitchableDataSource}, so that a cut-over holds and drains it as it does Tandem's,
 * and replaced at a switch by a pool of the same settings on the server the database went to. The
 * application tuned its pool (size, timeouts, its session tag, driver properties, metrics), so the new
 * pool is that one on another server, not one of Tandem's.
 */
public final class FollowedPool {

    private final HikariDataSource adopted;
    private final SwitchableDataSource lent;
    private int replacements;

    /**
     * Lends {@code adopted}'s connections; a held borrower waits at most {@code maxPause}; each borrow's
     * length goes to {@code borrowNanos}.
     */
    public FollowedPool(HikariDataSource adopted, Duration maxPause, java.util.function.LongConsumer borrowNanos) {
        this.adopted = adopted;
        this.lent = new SwitchableDataSource(adopted, maxPause, borrowNanos);
    }

    /** The pool the application gave. */
    public HikariDataSource adopted() {
        return adopted;
    }

    /** What the application borrows from instead of the pool it gave. */
    public SwitchableDataSource dataSource() {
        return lent;
    }

    /**
     * A new pool with the adopted pool's settings, connecting to {@code endpoint} (its URL, user and
     * password, or its DataSource), under a name of its own: pool names must differ for HikariCP's MBeans
     * and meters. The adopted pool itself is the template even after it was closed by a switch, so the
     * settings never drift over several moves.
     */
    public synchronized HikariDataSource poolOn(Endpoint endpoint) {
        return poolOn(endpoint, "-moved-" + ++replacements);
    }

    /** {@link #poolOn} to be closed again at once, only to learn whether it opens there; named as a trial. */
    public HikariDataSource trialPoolOn(Endpoint endpoint) {
        return poolOn(endpoint, "-trial");
    }

    private HikariDataSource poolOn(Endpoint endpoint, String suffix) {
        HikariConfig settings = new HikariConfig();
        adopted.copyStateTo(settings);
        String name = adopted.getPoolName() != null ? adopted.getPoolName() : "application";
        settings.setPoolName(name + suffix);
        return new HikariDataSource(endpoint.pointAt(settings));
    }
}
