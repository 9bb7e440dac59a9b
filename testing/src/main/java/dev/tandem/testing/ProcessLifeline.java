package dev.tandem.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes sure a server process never outlives the JVM that started it, even when that JVM is
 * killed with SIGKILL and no shutdown hook runs.
 *
 * <p>A tiny shell watches a pipe whose writing end only this JVM holds. When the JVM exits, however
 * it exits, the kernel closes the pipe, {@code read} returns, and the shell kills the server and
 * deletes its run folder.
 */
final class ProcessLifeline implements AutoCloseable {

    private final Process watcher;

    private ProcessLifeline(Process watcher) {
        this.watcher = watcher;
    }

    /**
     * Starts watching the server {@code pid} whose files are in {@code runDir}; {@link #close()}
     * releases the watch without killing anything alive.
     */
    static ProcessLifeline watch(long pid, Path runDir) throws IOException {
        Process watcher = new ProcessBuilder("sh", "-c",
                "read _ignored; kill -9 \"$1\" 2>/dev/null; sleep 1; rm -rf \"$2\"; exit 0",
                "tandem-lifeline", Long.toString(pid), runDir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new ProcessLifeline(watcher);
    }

    /**
     * Ends the watcher. Call it only after the server has stopped: the watcher then finds no process
     * to kill (a recycled pid within these few milliseconds is not a practical concern) and removes
     * what is left of the run folder.
     */
    @Override
    public void close() {
        try {
            watcher.getOutputStream().close();
            watcher.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            watcher.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
