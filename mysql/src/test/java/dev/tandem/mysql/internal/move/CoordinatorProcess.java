package dev.tandem.mysql.internal.move;

import dev.tandem.MoveListener;
import dev.tandem.MoveOptions;
import dev.tandem.Tandem;
import dev.tandem.TandemMove;
import dev.tandem.testing.MovePair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A coordinator in a process of its own, for {@link MoveCoordinatorKillIT} to kill: runs {@code cutover} or
 * {@code back}, printing {@code STEP <name>} as each step begins; at the step to be killed at it then waits a
 * moment, so that a SIGKILL sent on reading the line lands before that step runs.
 *
 * <p>Arguments: source URL, target URL, user, password, replication user, replication password, direction
 * ({@code cutover} or {@code back}), the step to wait at.
 */
public final class CoordinatorProcess {

    /** How long a step waits after saying so: the time a killer has to kill it there. */
    private static final long PAUSE_AFTER_STEP_MILLIS = 2_000;

    private CoordinatorProcess() {
    }

    /** Starts a coordinator of {@code database} on {@code pair} running {@code direction}, pausing at {@code step}. */
    static Process start(MovePair pair, String database, String direction, String step) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CoordinatorProcess.class.getName(),
                pair.source().jdbcUrl(database), pair.target().jdbcUrl(database), pair.source().user(),
                pair.source().password(), MovePairs.REPLICATION_USER, MovePairs.REPLICATION_PASSWORD, direction, step)
                .redirectErrorStream(true).start();
    }

    /** Reads what {@code coordinator} says until it says {@code step} begins: false when it ended first. */
    static boolean reached(Process coordinator, String step) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals("STEP " + step)) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) throws Exception {
        MoveListener announcing = new MoveListener() {
            @Override
            public void step(String name, String detail) {
                System.out.println("STEP " + name);
                System.out.flush();
                if (!name.equals(args[7])) {
                    return;
                }
                try {
                    Thread.sleep(PAUSE_AFTER_STEP_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Tandem coordinator = Tandem.configure().url(args[0]).user(args[2]).password(args[3])
                .moveTarget(args[1], args[2], args[3]).replicationUser(args[4], args[5]).load();
        try (TandemMove move = coordinator.move(MoveOptions.defaults().withListener(announcing)
                .withAckTimeout(Duration.ofSeconds(10)).withVerificationMaxAge(Duration.ofMinutes(5)))) {
            System.out.println("DONE " + ("back".equals(args[6]) ? move.back() : move.cutover()).outcome());
        }
        coordinator.close();
    }
}
