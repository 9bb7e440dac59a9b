package dev.tandem.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process this JVM started from binaries on disk (mysqld, mariadbd), with its run folder: waited for
 * until it accepts connections, stopped with SIGTERM (a clean shutdown), and never left behind
 * ({@link ProcessLifeline}). Also runs the one-off commands a server needs first, such as initializing its data.
 */
final class ServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final long STARTUP_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);

    private final String name;
    private final Process process;
    private final Path runDir;
    private final Path errorLog;
    private final ProcessLifeline lifeline;

    private ServerProcess(String name, Process process, Path runDir, Path errorLog, ProcessLifeline lifeline) {
        this.name = name;
        this.process = process;
        this.runDir = runDir;
        this.errorLog = errorLog;
        this.lifeline = lifeline;
    }

    /**
     * Starts {@code command}, whose output goes to {@code <name>.out} in {@code runDir} and whose error log is
     * {@code errorLog}; {@link #stop()} deletes {@code runDir}.
     */
    static ServerProcess start(String name, List<String> command, Path runDir, Path errorLog) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(runDir.resolve(name + ".out").toFile())
                .start();
        return new ServerProcess(name, process, runDir, errorLog, ProcessLifeline.watch(process.pid(), runDir));
    }

    /** Blocks until {@code server} (this process) accepts a connection; fails with its error log if it exits. */
    void awaitConnections(DatabaseServer server) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + STARTUP_TIMEOUT_MS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " while starting. "
                        + "Its error log " + errorLog + " ends with:\n" + tail(errorLog));
            }
            try (Connection ignored = DriverManager.getConnection(server.jdbcUrl(""), server.user(), server.password())) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(name + " at " + server.jdbcUrl("") + " did not accept connections within "
                + STARTUP_TIMEOUT_MS / 1000 + " s; see " + errorLog, last);
    }

    /** Shuts the server down (SIGTERM, then SIGKILL after 30 s) and deletes its run folder. */
    void stop() {
        try {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                LOG.warn("{} ({}) did not stop within 30 s; killing it", name, runDir);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            ServerCache.deleteRecursively(runDir);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", runDir, e.toString());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            lifeline.close();
        }
    }

    /** Runs {@code command} to its end, its output into {@code log}; fails with the output's end unless it exits 0. */
    static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("'" + String.join(" ", command) + "' failed; its output ends with:\n" + tail(log));
        }
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no file)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
