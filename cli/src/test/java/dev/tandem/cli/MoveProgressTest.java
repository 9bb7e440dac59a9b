package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What the move commands show on stderr while they run: the copy's rows, and a line for each step. */
class MoveProgressTest {

    private static final String N = System.lineSeparator();

    @Test
    void aLogGetsTheCopysRowsAndALinePerStep() {
        StringWriter err = new StringWriter();
        MoveProgress progress = new MoveProgress(new PrintWriter(err), false);
        progress.step("copy", "copying into MariaDB 11.4.5 at new-db:3306 from one snapshot, then replicating");
        progress.copied("customers", 1000, 3000);
        progress.comparison().progress("customers", 10, 3000);
        progress.step("read-only", "making MariaDB 11.4.5 at new-db:3306 read-only while it replicates");
        progress.finish();
        assertThat(err.toString()).isEqualTo(
                "move copy: copying into MariaDB 11.4.5 at new-db:3306 from one snapshot, then replicating" + N
                        + "copy customers: 1000 of ~3000 rows" + N
                        + "compare customers: 10 of ~3000 rows" + N
                        + "move read-only: making MariaDB 11.4.5 at new-db:3306 read-only while it replicates" + N);
    }

    @Test
    void atATerminalAStepEndsTheCopysBarFirst() {
        StringWriter err = new StringWriter();
        MoveProgress progress = new MoveProgress(new PrintWriter(err), true);
        progress.copied("customers", 3000, 3000);
        progress.step("read-only", "making new-db read-only");
        progress.finish();
        assertThat(err.toString()).isEqualTo("\r[##############################] 100% customers: 3000 of ~3000 rows\033[K" + N
                + "move read-only: making new-db read-only" + N);
    }
}
