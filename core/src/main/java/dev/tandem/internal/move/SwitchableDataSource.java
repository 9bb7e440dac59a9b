package dev.tandem.internal.move;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The application's connections as Tandem hands them out ({@code Tandem.dataSource()}): those of the
 * current server's pool, which a cut-over can <em>hold</em> — a new borrower waits, at most
 * {@code maxPause}, instead of reaching a server that is about to stop taking writes — <em>drain</em> (wait
 * for the connections already lent to come back, at most a grace period), and <em>switch</em> to another
 * server's pool, then release the waiting borrowers onto it. This is the one thing a proxy or a DNS
 * change cannot do: no borrower ever sees the old server after the switch, and none fails while it waits.
 *
 * <p>Borrowers that passed the hold before it began are counted until their {@code getConnection} returns,
 * so a drain waits for them too. One whose connection comes (or whose borrow fails) once the hold began gives it
 * back and waits with the others: a connection found for it in an exhausted pool is the old server's. Thread-safe.
 */
public final class SwitchableDataSource implements DataSource, AutoCloseable {

    /** How often a drain looks at the pool's lent connections. */
    static final Duration DRAIN_POLL = Duration.ofMillis(5);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final Condition noBorrowInProgress = lock.newCondition();
    private final Duration maxPause;
    private final LongConsumer borrowNanos;
    private HikariDataSource current;
    private boolean held;
    /** Why every borrower is refused, once this instance must not reach the database any more ({@link #refuse}). */
    private String refusal;
    private int borrowing;

    /** Lends {@code pool}'s connections; a held borrower waits at most {@code maxPause}. */
    public SwitchableDataSource(HikariDataSource pool, Duration maxPause) {
        this(pool, maxPause, null);
    }

    /**
     * Like {@link #SwitchableDataSource(HikariDataSource, Duration)}; each connection lent reports how long it
     * was borrowed, in nanoseconds, to {@code borrowNanos} when given back (the application's latency).
     */
    public SwitchableDataSource(HikariDataSource pool, Duration maxPause, LongConsumer borrowNanos) {
        this.current = pool;
        this.maxPause = maxPause;
        this.borrowNanos = borrowNanos;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long deadline = System.nanoTime() + maxPause.toNanos(); // one pause however many holds the borrow meets
        while (true) {
            HikariDataSource pool = admit(deadline);
            Connection lent;
            try {
                lent = pool.getConnection();
            } catch (SQLException e) {
                if (!borrowed(pool)) {
                    continue; // the pool was held or switched, and perhaps closed, under the borrow: wait with the others
                }
                throw e;
            }
            if (borrowed(pool)) {
                return borrowNanos == null ? lent : BorrowTimer.timed(lent, borrowNanos);
            }
            // A hold began while HikariCP was finding this connection (the pool was exhausted, or a connection was
            // being opened): the server behind it is about to refuse writes, or already does. Given back, the borrower
            // waits like those that came after the hold, and borrows from the pool of after the switch.
            lent.close();
        }
    }

    /**
     * Counts a borrow from {@code pool} out; returns whether what it got may be lent: neither held nor switched
     * since it was admitted.
     */
    private boolean borrowed(HikariDataSource pool) {
        lock.lock();
        try {
            if (--borrowing == 0) {
                noBorrowInProgress.signalAll();
            }
            return !held && current == pool;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits while held (until {@code deadline}, of {@link System#nanoTime}), then counts the borrower in and gives it
     * the pool of now; refuses it, waiting or not, once {@link #refuse}d.
     */
    private HikariDataSource admit(long deadline) throws SQLException {
        lock.lock();
        try {
            long left = deadline - System.nanoTime();
            while (held && refusal == null) {
                if (left <= 0) {
                    throw new SQLTransientConnectionException("Tandem held the application's connections for a move of"
                            + " the database longer than the maximum pause (" + maxPause.toMillis() + " ms); try again:"
                            + " the move either completes or is abandoned", "08001");
                }
                left = released.awaitNanos(left);
            }
            if (refusal != null) {
                throw new SQLNonTransientConnectionException(refusal, "08004");
            }
            borrowing++;
            return current;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while Tandem held the connections for a move", "08001", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses every borrower from now on, waiting ones too, with {@code reason}: the code of this instance is
     * too old for the database (docs/fleet.md). Connections lent before stay with their borrowers.
     */
    public void refuse(String reason) {
        lock.lock();
        try {
            refusal = reason;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds new borrowers at once, without waiting: an instance that lends several pools holds them all
     * before it drains any, so that none lends while another drains.
     */
    public void hold() {
        lock.lock();
        try {
            held = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds new borrowers, then waits until no borrow is in progress and every lent connection has come
     * back, or {@code grace} has passed. Returns the connections still lent: 0 when drained.
     */
    public int holdAndDrain(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        HikariDataSource pool;
        lock.lock();
        try {
            held = true;
            while (borrowing > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !noBorrowInProgress.await(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
            pool = current;
        } finally {
            lock.unlock();
        }
        int lent = lent(pool);
        while (lent > 0 && System.nanoTime() < deadline) {
            Thread.sleep(DRAIN_POLL.toMillis());
            lent = lent(pool);
        }
        return lent;
    }

    /** Whether new borrowers wait. */
    public boolean isHeld() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes {@code pool} the one lent from and closes the old one (its connections still lent are closed
     * as they come back). Borrowers stay held until {@link #release}.
     */
    public void switchTo(HikariDataSource pool) {
        HikariDataSource old;
        lock.lock();
        try {
            if (current.isClosed()) {
                // Closed by its owner meanwhile (an application's own pool, Tandem.followMoves): it lends nothing any more.
                pool.close();
                return;
            }
            old = current;
            current = pool;
        } finally {
            lock.unlock();
        }
        if (old != pool) {
            old.close();
        }
    }

    /** Whether it was closed ({@link #close}): a switch no longer opens a pool for it. */
    public boolean isClosed() {
        return pool().isClosed();
    }

    /** Lets the held borrowers, and every later one, borrow again (from the pool switched to, if any). */
    public void release() {
        lock.lock();
        try {
            held = false;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The pool lent from now. */
    public HikariDataSource pool() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    private static int lent(HikariDataSource pool) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getActiveConnections();
    }

    @Override
    public void close() {
        release();
        pool().close();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Tandem's DataSource lends connections of its own user only");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return pool().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool().isWrapperFor(type);
    }
}
