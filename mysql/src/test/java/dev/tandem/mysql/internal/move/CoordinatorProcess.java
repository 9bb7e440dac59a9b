package dev.tandem.mysql.internal.move;

import dev.tandem.MoveListener;
import dev.tandem.MoveOptions;
import dev.tandem.Tandem;
import dev.tandem.TandemMove;
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
