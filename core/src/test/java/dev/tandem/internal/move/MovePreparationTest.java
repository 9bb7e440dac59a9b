package dev.tandem.internal.move;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.spi.MoveRecord;
import dev.tandem.spi.MoveState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which server a move may begin from once another move finished. */
class MovePreparationTest {

    private static final MoveRecord.Server OLD = new MoveRecord.Server(1, "MySQL 8.0.31 at old-db:3306");
    private static final MoveRecord.Server NEW = new MoveRecord.Server(2, "MySQL 8.0.31 at new-db:3306");

    private static MoveRecord finished(MoveState state) {
        return new MoveRecord("m-1", 9, state.finished(), OLD, NEW);
    }

    private static MoveState switched() {
        return MoveState.copying().replicating().verified(Instant.EPOCH).hold(Instant.EPOCH).switching().switched();
    }

    @Test
    void aNewMoveMayNotBeginFromTheServerAFinishedMoveLeft() {
        assertThat(MovePreparation.leftServer(finished(switched()), OLD.serverId())).hasValueSatisfying(reason ->
                assertThat(reason).contains("Move m-1 left this server for MySQL 8.0.31 at new-db:3306",
                        "read-only and behind it", "Configure MySQL 8.0.31 at new-db:3306 as the database"));
    }

    @Test
    void aNewMoveMayBeginFromTheServerThatServes() {
        assertThat(MovePreparation.leftServer(finished(switched()), NEW.serverId())).isEmpty();
    }

    @Test
    void aMoveFinishedWithoutASwitchLeftNothing() {
        assertThat(MovePreparation.leftServer(finished(MoveState.copying().replicating()), OLD.serverId())).isEmpty();
    }
}
