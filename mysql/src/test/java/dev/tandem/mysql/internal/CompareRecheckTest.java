package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ComparisonReport.RowKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One re-check round's verdict per row, from the source's hashes read before and after the target's; no server. */
class CompareRecheckTest {

    private static final List<String> ONE = List.of("1");
    private static final List<String> TWO = List.of("2");
    private static final List<String> THREE = List.of("3");

    /** Hashes by key; a null hash leaves the key out (no row on that side). */
    private static Map<List<String>, String> hashes(List<String> key, String hash, Object... more) {
        Map<List<String>, String> hashes = new HashMap<>();
        if (hash != null) {
            hashes.put(key, hash);
        }
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] != null) {
                @SuppressWarnings("unchecked")
                List<String> k = (List<String>) more[i];
                hashes.put(k, (String) more[i + 1]);
            }
        }
        return hashes;
    }

    private static CompareRecheck.Round judgeOne(String before, String target, String after) {
        return CompareRecheck.judge(List.of(ONE), hashes(ONE, before), hashes(ONE, target), hashes(ONE, after));
    }

    @Test
    void aRowThatIsNowEqualHasVanished() {
        CompareRecheck.Round round = judgeOne("a", "a", "a");
        assertThat(round.differing()).isEmpty();
        assertThat(round.unsettled()).isEmpty();
    }

    @Test
    void aChangedRowThatStillDiffersWhileTheSourceStoodStillPersists() {
        assertThat(judgeOne("a", "b", "a").differing())
                .containsExactly(new CompareMerge.Difference(RowKind.CHANGED, ONE));
    }

    @Test
    void aMissingRowPersistsWithItsKindFromTheLatestReads() {
        assertThat(judgeOne("a", null, "a").differing())
                .containsExactly(new CompareMerge.Difference(RowKind.MISSING_IN_TARGET, ONE));
        assertThat(judgeOne(null, "b", null).differing())
                .containsExactly(new CompareMerge.Difference(RowKind.MISSING_IN_SOURCE, ONE));
    }

    @Test
    void aRowGoneFromBothSidesHasVanished() {
        CompareRecheck.Round round = judgeOne(null, null, null);
        assertThat(round.differing()).isEmpty();
        assertThat(round.unsettled()).isEmpty();
    }

    @Test
    void aTargetThatMatchesEitherReadOfTheSourceIsEqual() {
        CompareRecheck.Round equal = new CompareRecheck.Round(List.of(), List.of());
        assertThat(judgeOne("old", "new", "new")).as("the source changed after the target read it").isEqualTo(equal);
        assertThat(judgeOne("old", "old", "new")).as("the replica had not yet applied the newest").isEqualTo(equal);
        assertThat(judgeOne(null, "new", "new")).as("inserted during the round").isEqualTo(equal);
    }

    @Test
    void aRowWrittenOnTheSourceDuringTheRoundIsUnsettledNotADifference() {
        CompareRecheck.Round round = judgeOne("v1", "v0", "v2");
        assertThat(round.differing()).isEmpty();
        assertThat(round.unsettled()).containsExactly(ONE);
    }

    @Test
    void manyRowsAreJudgedEachOnItsOwnInKeyOrder() {
        CompareRecheck.Round round = CompareRecheck.judge(List.of(ONE, TWO, THREE),
                hashes(ONE, "a", TWO, "b", THREE, "c"), hashes(ONE, "x", TWO, "b", THREE, null),
                hashes(ONE, "a", TWO, "b", THREE, "c"));
        assertThat(round.differing()).containsExactly(new CompareMerge.Difference(RowKind.CHANGED, ONE),
                new CompareMerge.Difference(RowKind.MISSING_IN_TARGET, THREE));
    }
}
