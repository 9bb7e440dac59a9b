package dev.tandem.mysql.internal.move;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.MoveListener;
import dev.tandem.MoveOptions;
import dev.tandem.Tandem;
import dev.tandem.TandemMove;
import dev.tandem.testing.DatabaseServer;
import dev.tandem.testing.MovePair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * An application fleet under load for the cut-over tests: {@code n} Tandem instances on the pair's source (as
 * an application account, the pair's target configured as the move target), each with a writer that inserts
 * numbered rows, a couple of milliseconds apart, through {@code tandem.dataSource()} (or a pool of the
 * application's own that follows moves) and keeps a ledger of the rows the server acknowledged, the errors and
 * how long each insert took; and a coordinator on both servers as the administrator.
 */
final class MovingFleet implements AutoCloseable {

    static final String APP_USER = "moveapp";
    static final String APP_PASSWORD = "moveapp-secret";
    private static final long WRITER_PAUSE_MILLIS = 2;

    private final MovePair pair;
    private final String database;
    private final Path noScripts;
    private final List<Tandem> instances = new ArrayList<>();
    /** What each application instance's writer borrows from. */
    private final List<DataSource> writerPools = new ArrayList<>();
    private final List<AutoCloseable> ownPools = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> insertNanos = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextWriter = new AtomicInteger();

    MovingFleet(MovePair pair, String database) throws Exception {
        this.pair = pair;
        this.database = database;
        MovePairs.cleanUp(pair);
        MovePairs.freshDatabase(pair, database);
        for (DatabaseServer server : new DatabaseServer[] {pair.source(), pair.target()}) {
            MovePairs.execute(server, "CREATE USER IF NOT EXISTS '" + APP_USER + "'@'127.0.0.1' IDENTIFIED BY '"
                    + APP_PASSWORD + "'", "GRANT ALL ON " + database + ".* TO '" + APP_USER + "'@'127.0.0.1'");
        }
        MovePairs.execute(pair.source(), "CREATE TABLE " + database + ".ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " writer INT NOT NULL, seq BIGINT NOT NULL, UNIQUE KEY writer_seq (writer, seq))");
        noScripts = Files.createTempDirectory("no-scripts");
    }

    /**
     * Starts an instance as the application account, with the source's URL and the target as move target; its
     * writer borrows from {@code tandem.dataSource()}.
     */
    Tandem startInstance(boolean withTarget) {
        Tandem tandem = start(withTarget);
        writerPools.add(tandem.dataSource());
        return tandem;
    }

    /**
     * Starts an instance like {@link #startInstance} whose writer borrows from a HikariCP pool of the
     * application's own, tagged with the session tag and followed through {@code tandem.followMoves}; returns
     * what the writer borrows from.
     */
    DataSource startInstanceOnItsOwnPool(String poolName, int poolSize) {
        DataSource followed = followedPool(start(true), poolName, poolSize);
        writerPools.add(followed);
        return followed;
    }

    /**
     * A HikariCP pool of the application's own on the source, tagged with {@code tandem}'s session tag and
     * followed through {@code tandem.followMoves}; closed with the fleet.
     */
    DataSource followedPool(Tandem tandem, String poolName, int poolSize) {
        HikariDataSource own = new HikariDataSource();
        own.setPoolName(poolName);
        own.setJdbcUrl(pair.source().jdbcUrl(database));
        own.setUsername(APP_USER);
        own.setPassword(APP_PASSWORD);
        own.setMaximumPoolSize(poolSize);
        own.setConnectionInitSql(tandem.sessionInitSql());
        DataSource followed = tandem.followMoves(own);
        ownPools.add((AutoCloseable) followed);
        return followed;
    }

    private Tandem start(boolean withTarget) {
        Tandem tandem = load(withTarget);
        tandem.start();
        return tandem;
    }

    /** An instance configured as {@link #startInstance}'s are, not started; closed with the fleet. */
    Tandem load(boolean withTarget) {
        return load(withTarget, APP_PASSWORD);
    }

    /** Like {@link #load(boolean)}, reaching the target with {@code targetPassword}. */
    Tandem load(boolean withTarget, String targetPassword) {
        var configuration = Tandem.configure().url(pair.source().jdbcUrl(database)).user(APP_USER).password(APP_PASSWORD)
                .appVersion("1.0").locations("filesystem:" + noScripts).heartbeatInterval(Duration.ofMillis(500))
                .instanceTtl(Duration.ofSeconds(3)).maxPause(Duration.ofSeconds(5)).holdGrace(Duration.ofSeconds(1));
        if (withTarget) {
            configuration.moveTarget(pair.target().jdbcUrl(database), APP_USER, targetPassword);
        }
        Tandem tandem = configuration.load();
        instances.add(tandem);
        return tandem;
    }

    /** The coordinator's connections to both servers, as the administrator, replicating as the pair's replication user. */
    TandemMove coordinator(MoveListener listener, Duration ackTimeout) {
        return coordinator(listener, ackTimeout, pair.source().user(), pair.source().password());
    }

    /**
     * The coordinator's connections to both servers as the account {@code user} (the same on both),
     * replicating as the pair's replication user.
     */
    TandemMove coordinator(MoveListener listener, Duration ackTimeout, String user, String password) {
        Tandem coordinator = Tandem.configure().url(pair.source().jdbcUrl(database)).user(user)
                .password(password).locations("filesystem:" + noScripts)
                .moveTarget(pair.target().jdbcUrl(database), user, password)
                .replicationUser(MovePairs.REPLICATION_USER, MovePairs.REPLICATION_PASSWORD).load();
        instances.add(coordinator);
        return coordinator.move(MoveOptions.defaults().withListener(listener).withAckTimeout(ackTimeout)
                .withVerificationMaxAge(Duration.ofMinutes(5)));
    }

    /** One writer per application instance, inserting as fast as the server takes it. */
    void startWriting() {
        writing.set(true);
        for (DataSource pool : writerPools) {
            int writer = nextWriter.incrementAndGet();
            Thread thread = new Thread(() -> write(pool, writer), "writer-" + writer);
            thread.start();
            writers.add(thread);
        }
    }

    private void write(DataSource pool, int writer) {
        long seq = 0;
        while (writing.get()) {
            seq++;
            long start = System.nanoTime();
            try (Connection c = pool.getConnection();
                 PreparedStatement s = c.prepareStatement("INSERT INTO ledger (writer, seq) VALUES (?, ?)")) {
                s.setInt(1, writer);
                s.setLong(2, seq);
                s.executeUpdate();
                acknowledged.add(writer + ":" + seq);
            } catch (Exception e) {
                errors.add("writer " + writer + " row " + seq + ": " + e);
            }
            insertNanos.add(System.nanoTime() - start);
            pause();
        }
    }

    /**
     * A request's think time: writers that insert as fast as two cores allow outrun a MySQL replica's single
     * applier for good, and a move waits for a replica that keeps up.
     */
    private static void pause() {
        try {
            Thread.sleep(WRITER_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stopWriting() throws InterruptedException {
        writing.set(false);
        for (Thread thread : writers) {
            thread.join(10_000);
        }
        writers.clear();
    }

    /** The rows the server acknowledged that {@code server} does not have. */
    Set<String> lostOn(DatabaseServer server) throws Exception {
        Set<String> present = new HashSet<>();
        try (Connection c = server.adminConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT writer, seq FROM " + database + ".ledger")) {
            while (rs.next()) {
                present.add(rs.getInt(1) + ":" + rs.getLong(2));
            }
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(present);
        return lost;
    }

    int acknowledgedRows() {
        return acknowledged.size();
    }

    List<String> errors() {
        return errors;
    }

    /** The longest insert, in milliseconds. */
    long slowestInsertMillis() {
        synchronized (insertNanos) {
            return insertNanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1_000_000;
        }
    }

    @Override
    public void close() throws Exception {
        stopWriting();
        instances.forEach(Tandem::close);
        for (AutoCloseable own : ownPools) {
            own.close();
        }
        MovePairs.cleanUp(pair);
    }
}
