package dev.tandem.internal.move;

import dev.tandem.TableNames;
import dev.tandem.TandemException;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.MoveAck;
import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveState;
import dev.tandem.spi.MoveState.Phase;
import dev.tandem.spi.MoveStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's part in a move of the database (docs/move.md): it reads the move's record and does what
 * {@link MoveState#actionFor} says — serve, hold and acknowledge, switch to the server that serves, release.
 * It reads often while a move is under way (a cut-over's pause is mostly the time instances take to notice
 * it), seldom otherwise (every second when a move target is configured, since a move is to be expected);
 * while it holds it reads both servers, since the record moves to the new one first. A hold whose coordinator
 * vanished is abandoned here once its deadline has passed, so the application is never held for good.
 */
public final class MoveWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MoveWatcher.class);

    /** How often the record is read while a move is under way. */
    static final Duration ARMED_POLL = Duration.ofMillis(50);
    /**
     * How often an instance configured with a move target reads before it has seen a move: at most this long
     * after a preparation begins, it watches closely. A cut-over may follow the preparation within seconds (a
     * small database copies fast); an instance that still slept the heartbeat's interval noticed the hold up to
     * that late, which lengthened the pause by as much, or had the cut-over abandoned.
     */
    static final Duration EXPECTING_POLL = Duration.ofSeconds(1);
    /** How long after a hold's deadline an instance abandons it itself, when the coordinator has not. */
    static final Duration SELF_ABANDON_MARGIN = Duration.ofSeconds(2);
    /** How many failed reads in a row are worth a WARN; fewer are the cut-over's own doing (sessions ended). */
    private static final int FAILURES_WORTH_A_WARNING = 40;

    private final MovingConnections connections;
    private final Dialect dialect;
    private final TableNames tables;
    private final String instanceId;
    private final Duration holdGrace;
    private final Duration idlePoll;
    private final ServerIdentities identities;
    private volatile boolean running = true;
    private Thread thread;
    private boolean held;
    private long acknowledged = -1;
    /** The newest record acted on: a copy older than it (a server that has not caught up) is never acted on. */
    private MoveRecord newestSeen;
    private int failures;

    public MoveWatcher(MovingConnections connections, Dialect dialect, TableNames tables, String instanceId,
                       Duration holdGrace, Duration idlePoll) {
        this.connections = connections;
        this.dialect = dialect;
        this.tables = tables;
        this.instanceId = instanceId;
        this.holdGrace = holdGrace;
        this.idlePoll = connections.endpoints().size() > 1 && EXPECTING_POLL.compareTo(idlePoll) < 0 ? EXPECTING_POLL : idlePoll;
        this.identities = new ServerIdentities(dialect);
    }

    /**
     * Before this instance uses the database: if a move recorded on the configured server says the database is
     * served elsewhere, switches to the configured server that serves it, or refuses, saying why. Waits out a
     * cut-over under way (at most {@code maxWait}).
     */
    public void redirectAtStartup(Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Optional<MoveRecord> found;
        try {
            found = freshest(true, true);
        } catch (RuntimeException e) {
            // e.g. no SELECT on the move's table: the reads of Tandem's own state that follow say what is missing
            LOG.debug("Cannot read the move's record at startup ({}); going on without it", e.getMessage());
            return;
        }
        while (found.isPresent() && cutOverUnderWay(found.get()) && System.nanoTime() < deadline) {
            sleep(ARMED_POLL);
            found = freshest(true, false);
        }
        if (found.isEmpty()) {
            return;
        }
        MoveRecord record = found.get();
        if (cutOverUnderWay(record)) {
            throw new TandemException("A cut-over of the database to another server (move " + record.moveId() + ", epoch "
                    + record.state().epoch() + ") is still " + record.state().phase() + " after " + maxWait.toSeconds()
                    + " s: start again when it is done (tandem move status)");
        }
        long serving = record.serving().serverId();
        if (identities.serverId(connections.current()) != serving) {
            Endpoint there = identities.withId(connections.endpoints(), serving).orElseThrow(() -> new TandemException(
                    "The database moved from " + connections.current() + " to " + record.serving().label() + " (server_id "
                            + serving + ", move " + record.moveId() + "): configure it as this instance's database, or as the"
                            + " move target (TANDEM_TARGET_URL or moveTarget(...)), so that this instance never writes"
                            + " to the old server"));
            LOG.info("The database moved to {} (move {}); using {}", record.serving().label(), record.moveId(), there);
            connections.switchTo(there);
        }
    }

    /** Starts watching, on a daemon thread. */
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::watch, "tandem-move-watcher");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void watch() {
        while (running) {
            Duration next;
            try {
                next = pollOnce();
                failures = 0;
            } catch (VirtualMachineError e) {
                release("the move watcher failed (" + e + ")");
                throw e;
            } catch (Error e) {
                // Ended by it, the thread would leave a hold in place for good, every borrow failing after maxPause; the
                // next poll acts on the record as it is then (a hold past its deadline lets the connections go).
                next = ARMED_POLL;
                if (++failures % FAILURES_WORTH_A_WARNING == 1) {
                    LOG.error("The move watcher failed reading or acting on the move's record; it watches on", e);
                }
            } catch (RuntimeException e) {
                next = ARMED_POLL;
                if (++failures % FAILURES_WORTH_A_WARNING == 0) {
                    LOG.warn("Cannot read the move's record for {} polls in a row: {}", failures, e.getMessage());
                } else {
                    LOG.debug("Reading the move's record failed: {}", e.getMessage());
                }
            }
            sleep(next);
        }
    }

    /** Reads the record once and acts on it; returns how long to wait before the next read. */
    Duration pollOnce() {
        Optional<MoveRecord> found = freshest(held, false);
        if (found.isEmpty()) {
            return idlePoll;
        }
        MoveRecord record = found.get();
        if (newestSeen != null && newestSeen.moveId().equals(record.moveId()) && newestSeen.newerThan(record)) {
            return ARMED_POLL; // read on a server that lags: what it says is over already
        }
        newestSeen = record;
        long current = identities.serverId(connections.current());
        Optional<MoveState.Side> mine = record.sideOf(current);
        if (mine.isEmpty()) {
            return idlePoll; // a record copied from elsewhere that names neither server: not this database's move
        }
        switch (record.state().actionFor(mine.get(), held)) {
            case HOLD -> hold(record, mine.get());
            case SWITCH -> switchTo(record);
            case RELEASE -> release("the cut-over of epoch " + record.state().epoch() + " was abandoned");
            case SERVE -> { }
        }
        return record.state().phase() == Phase.FINISHED ? idlePoll : ARMED_POLL;
    }

    private void hold(MoveRecord record, MoveState.Side mine) {
        MoveState state = record.state();
        if (!held) {
            held = true;
            int lent = holdAndDrain();
            LOG.info("Holding the application's connections for the cut-over of the database to another server"
                    + " (move {}, epoch {}){}", record.moveId(), state.epoch(), lent == 0 ? "" : "; " + lent
                    + " connection(s) still lent after the grace period");
            acknowledgeHold(record, mine, lent);
        } else if (acknowledged != state.epoch() && state.phase() == Phase.HOLDING) {
            acknowledgeHold(record, mine, 0);
        }
        if (state.phase() == Phase.HOLDING) {
            MoveStore store = storeOn(connections.pool());
            Instant now = store.now();
            if (now.isAfter(state.holdDeadline().plus(SELF_ABANDON_MARGIN)) && store.advance(record.next(state.abandoned()))) {
                LOG.warn("Abandoned the cut-over of epoch {} of move {}: its deadline passed and no coordinator finished"
                        + " it; the database stays on {}", state.epoch(), record.moveId(), record.serving().label());
            }
        }
    }

    /**
     * Holds every lent pool first, then drains them within one grace period: a pool drained alone would
     * still lend while another drains. Returns the connections still lent, over all pools.
     */
    private int holdAndDrain() {
        List<SwitchableDataSource> pools = connections.holdLentPools();
        long deadline = System.nanoTime() + holdGrace.toNanos();
        int lent = 0;
        try {
            for (SwitchableDataSource pool : pools) {
                lent += pool.holdAndDrain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
            return lent;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void acknowledgeHold(MoveRecord record, MoveState.Side mine, int lent) {
        long epoch = record.state().epoch();
        MoveRecord.Server other = record.server(mine.other());
        String whyNot = whyNot(other.serverId());
        boolean canFollow = whyNot == null;
        MoveAck ack = canFollow
                ? new MoveAck(record.moveId(), instanceId, epoch, MoveAck.Status.HELD, lent == 0 ? "drained" : lent + " connection(s) still lent")
                : new MoveAck(record.moveId(), instanceId, epoch, MoveAck.Status.CANNOT_FOLLOW, "cannot follow to " + other.label()
                        + " (server_id " + other.serverId() + "): " + whyNot);
        if (!canFollow) {
            LOG.warn("This instance cannot follow the move {} to {}: {}", record.moveId(), other.label(), ack.detail());
        }
        storeOn(connections.pool()).acknowledge(ack);
        acknowledged = epoch;
    }

    /**
     * Why none of the servers this instance is configured with besides its own is {@code serverId}, the one a
     * cut-over goes to (none is configured, or each is another server or does not answer: a password the target
     * refuses, a firewall), or why the pools this instance would switch cannot open there (an application pool's
     * own driver, properties or init SQL); null when one is and they can. Each is asked once.
     */
    private String whyNot(long serverId) {
        List<String> reasons = new ArrayList<>();
        for (Endpoint endpoint : connections.endpoints()) {
            try {
                long id = identities.serverId(endpoint);
                if (id == serverId) {
                    return poolsOpenOn(endpoint);
                }
                if (!endpoint.equals(connections.current())) {
                    reasons.add(endpoint + " is server_id " + id);
                }
            } catch (RuntimeException e) {
                reasons.add(endpoint + " does not answer: " + e.getMessage());
            }
        }
        return reasons.isEmpty() ? "set TANDEM_TARGET_URL or moveTarget(...) on this instance" : String.join("; ", reasons);
    }

    /**
     * Null when the pools this instance would switch open on {@code endpoint}, else why not: said able to follow
     * once a probe answered, an instance whose own pools the server then refused could not switch, and stayed held.
     */
    private String poolsOpenOn(Endpoint endpoint) {
        try {
            connections.tryPoolsOn(endpoint);
            return null;
        } catch (RuntimeException e) {
            return endpoint + " is that server, but a pool of this instance cannot open there: " + e.getMessage();
        }
    }

    private void switchTo(MoveRecord record) {
        long serving = record.serving().serverId();
        Optional<Endpoint> there = identities.withId(connections.endpoints(), serving);
        if (there.isEmpty()) {
            LOG.warn("The database moved to {} (server_id {}), which this instance is not configured to reach: its"
                    + " connections stay held (set TANDEM_TARGET_URL or moveTarget(...))", record.serving().label(), serving);
            return;
        }
        connections.switchTo(there.get());
        release("switched to " + record.serving().label());
        storeOn(connections.pool()).acknowledge(new MoveAck(record.moveId(), instanceId, record.state().epoch(), MoveAck.Status.SWITCHED,
                there.get().where()));
    }

    private void release(String why) {
        connections.releaseLentPools();
        if (held) {
            LOG.info("Released the application's connections: {}", why);
        }
        held = false;
    }

    /**
     * The newest copy of the record: the current server's, and, when {@code everywhere}, every configured
     * server's (the record reaches the new server first in a cut-over). A server that does not answer is passed over,
     * with a WARN when {@code warnIfUnanswered}.
     */
    private Optional<MoveRecord> freshest(boolean everywhere, boolean warnIfUnanswered) {
        MoveRecord newest = null;
        RuntimeException failure = null;
        try {
            newest = storeOn(connections.pool()).read().orElse(null);
        } catch (RuntimeException e) {
            failure = e;
        }
        if (everywhere || failure != null) {
            Endpoint current = connections.current();
            for (Endpoint endpoint : connections.endpoints()) {
                if (endpoint.equals(current)) {
                    continue;
                }
                try {
                    MoveRecord there = storeOn(identities.probe(endpoint)).read().orElse(null);
                    if (there != null && there.newerThan(newest)) {
                        newest = there;
                    }
                } catch (RuntimeException e) {
                    if (warnIfUnanswered) {
                        // At startup: a cut-over to it would find this instance unable to follow, and be abandoned.
                        LOG.warn("Cannot reach {}, which this instance is configured with: {}. A cut-over to it would be"
                                + " abandoned, this instance unable to follow: fix its URL, user or password", endpoint,
                                e.getMessage());
                    } else {
                        LOG.debug("Cannot read the move's record on {}: {}", endpoint, e.getMessage());
                    }
                }
            }
        }
        if (newest == null && failure != null) {
            throw failure;
        }
        return Optional.ofNullable(newest);
    }

    private static boolean cutOverUnderWay(MoveRecord record) {
        Phase phase = record.state().phase();
        return phase == Phase.HOLDING || phase == Phase.SWITCHING;
    }

    private MoveStore storeOn(DataSource dataSource) {
        return dialect.moveStore(dataSource, tables);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        identities.close();
    }
}
