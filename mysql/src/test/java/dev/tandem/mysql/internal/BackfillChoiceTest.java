package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a backfill chooses between a copy and an update in place. */
class BackfillChoiceTest {

    private static final List<String> NONE = List.of();
    private static final List<String> TRIGGER = List.of("it has triggers of its own (audit)");

    @Test
    void byDefaultATableFromTheThresholdOnIsCopied() {
        assertThat(BackfillChoice.of(BackfillStrategy.AUTO, 500_000, 499_999, NONE))
                .isEqualTo(new BackfillChoice(BackfillChoice.Outcome.IN_PLACE, "in place: ~499999 rows, under"
                        + " copyExpandThreshold 500000"));
        assertThat(BackfillChoice.of(BackfillStrategy.AUTO, 500_000, 500_000, NONE))
                .isEqualTo(new BackfillChoice(BackfillChoice.Outcome.COPY, "a copy: ~500000 rows, copyExpandThreshold 500000"));
        assertThat(BackfillChoice.of(BackfillStrategy.AUTO, 0, 0, NONE).copies()).as("0 copies every table").isTrue();
    }

    @Test
    void aTableThatCannotBeCopiedIsUpdatedInPlaceSayingWhy() {
        BackfillChoice choice = BackfillChoice.of(BackfillStrategy.AUTO, 0, 10, TRIGGER);
        assertThat(choice.outcome()).isEqualTo(BackfillChoice.Outcome.IN_PLACE);
        assertThat(choice.reason()).endsWith("but the table cannot be copied: it has triggers of its own (audit)");
    }

    @Test
    void theScriptsChoiceWinsAndACopyItAsksForThatCannotBeMadeIsRefused() {
        assertThat(BackfillChoice.of(BackfillStrategy.IN_PLACE, 0, 10_000_000, NONE).outcome())
                .isEqualTo(BackfillChoice.Outcome.IN_PLACE);
        assertThat(BackfillChoice.of(BackfillStrategy.COPY, 500_000, 10, NONE).outcome())
                .isEqualTo(BackfillChoice.Outcome.COPY);
        assertThat(BackfillChoice.of(BackfillStrategy.COPY, 500_000, 10, TRIGGER)).isEqualTo(new BackfillChoice(
                BackfillChoice.Outcome.REFUSED, "the operation asks for a copy, but the table cannot be copied: it has"
                + " triggers of its own (audit)"));
    }
}
