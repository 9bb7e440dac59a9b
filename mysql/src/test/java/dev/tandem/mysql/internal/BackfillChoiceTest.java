package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How a backfill chooses between a copy and an update in place. */
class BackfillChoiceTest {

    private static final List<String> NONE = List.of();
    private static final List<String> TRIGGER = List.of("it has triggers of its own (audit)");
    private static final long MIB = 1024 * 1024;
    /** A table of 100 MiB on a server that does not say how much disk is free. */
    private static final CopySpace UNKNOWN = new CopySpace(100 * MIB, OptionalLong.empty());
    private static final String TAKES = "; it takes about 125 MiB of the server's disk until the contract drops the old"
            + " table (the server does not say how much is free; on MariaDB the disks plugin lets Tandem check)";

    @Test
    void byDefaultATableFromTheThresholdOnIsCopied() {
        assertThat(BackfillChoice.of(BackfillStrategy.AUTO, 500_000, 499_999, NONE, UNKNOWN))
                .isEqualTo(new BackfillChoice(BackfillChoice.Outcome.IN_PLACE, "in place: ~499999 rows, under"
                        + " copyExpandThreshold 500000"));
        assertThat(BackfillChoice.of(BackfillStrategy.AUTO, 500_000, 500_000, NONE, UNKNOWN))
                .isEqualTo(new BackfillChoice(BackfillChoice.Outcome.COPY, "a copy: ~500000 rows, copyExpandThreshold 500000"
                        + TAKES));
        assertThat(BackfillChoice.of(BackfillStrategy.AUTO, 0, 0, NONE, UNKNOWN).copies()).as("0 copies every table").isTrue();
    }

    @Test
    void aTableThatCannotBeCopiedIsUpdatedInPlaceSayingWhy() {
        BackfillChoice choice = BackfillChoice.of(BackfillStrategy.AUTO, 0, 10, TRIGGER, UNKNOWN);
        assertThat(choice.outcome()).isEqualTo(BackfillChoice.Outcome.IN_PLACE);
        assertThat(choice.reason()).endsWith("but the table cannot be copied: it has triggers of its own (audit)");
    }

    @Test
    void theScriptsChoiceWinsAndACopyItAsksForThatCannotBeMadeIsRefused() {
        assertThat(BackfillChoice.of(BackfillStrategy.IN_PLACE, 0, 10_000_000, NONE, UNKNOWN).outcome())
                .isEqualTo(BackfillChoice.Outcome.IN_PLACE);
        assertThat(BackfillChoice.of(BackfillStrategy.COPY, 500_000, 10, NONE, UNKNOWN).outcome())
                .isEqualTo(BackfillChoice.Outcome.COPY);
        assertThat(BackfillChoice.of(BackfillStrategy.COPY, 500_000, 10, TRIGGER, UNKNOWN)).isEqualTo(new BackfillChoice(
                BackfillChoice.Outcome.REFUSED, "the operation asks for a copy, but the table cannot be copied: it has"
                + " triggers of its own (audit)"));
    }

    @Test
    void aDiskWithoutRoomForTheCopyIsAnObstacleLikeTheOthers() {
        CopySpace full = new CopySpace(100 * MIB, OptionalLong.of(120 * MIB));
        BackfillChoice auto = BackfillChoice.of(BackfillStrategy.AUTO, 0, 10, NONE, full);
        assertThat(auto.outcome()).isEqualTo(BackfillChoice.Outcome.IN_PLACE);
        assertThat(auto.reason()).endsWith("but the table cannot be copied: the server's disk has 120 MiB free, and a copy"
                + " of the table (100 MiB) needs about 125 MiB until the contract drops the old table");
        assertThat(BackfillChoice.of(BackfillStrategy.COPY, 0, 10, TRIGGER, full).reason())
                .as("with the other obstacles").contains("triggers of its own (audit); the server's disk has 120 MiB free");
        assertThat(BackfillChoice.of(BackfillStrategy.IN_PLACE, 0, 10, NONE, full).outcome())
                .as("in place needs no second copy").isEqualTo(BackfillChoice.Outcome.IN_PLACE);
        BackfillChoice roomy = BackfillChoice.of(BackfillStrategy.COPY, 0, 10, NONE, new CopySpace(100 * MIB,
                OptionalLong.of(125 * MIB)));
        assertThat(roomy.outcome()).isEqualTo(BackfillChoice.Outcome.COPY);
        assertThat(roomy.reason()).isEqualTo("a copy: the operation asks for copy; it takes about 125 MiB of the server's"
                + " disk until the contract drops the old table (125 MiB free)");
    }

    @Test
    void aCopySaysHowManyConnectionsWriteIt() {
        assertThat(CopyChunks.writersNote(2, false)).isEqualTo("written by 2 connections at once");
        assertThat(CopyChunks.writersNote(1, false)).isEqualTo("written by one connection");
        assertThat(CopyChunks.writers(4, true)).isEqualTo(1);
        assertThat(CopyChunks.writersNote(4, true)).isEqualTo("written by one connection, not 4: each chunk holds the copy's"
                + " AUTO_INCREMENT table lock under innodb_autoinc_lock_mode below 2");
        assertThat(CopyChunks.writersNote(1, true)).isEqualTo("written by one connection");
        assertThat(BackfillChoice.of(BackfillStrategy.COPY, 0, 10, NONE, UNKNOWN).noting("written by one connection").reason())
                .endsWith("; written by one connection");
    }
}
