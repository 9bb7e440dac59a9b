package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ComparisonReport.RowKind;
import dev.tandem.mysql.internal.CompareMerge.Difference;
import dev.tandem.mysql.internal.CompareMerge.KeyedHash;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge of both sides' sorted keys and row hashes, and the key order it relies on. */
class CompareMergeTest {

    private static final BackfillKey ID = new BackfillKey(List.of("id"), true);

    private static KeyedHash row(String id, String hash) {
        return new KeyedHash(List.of(id), hash);
    }

    @Test
    void keysOnOneSideAreMissingAndKeysWithAnotherHashChanged() {
        List<KeyedHash> source = List.of(row("1", "a"), row("2", "b"), row("4", "d"), row("5", "e"));
        List<KeyedHash> target = List.of(row("0", "z"), row("1", "a"), row("4", "D"), row("5", "e"), row("9", "i"));

        assertThat(CompareMerge.differences(source, target, CompareKey.order(ID))).containsExactly(
                new Difference(RowKind.MISSING_IN_SOURCE, List.of("0")),
                new Difference(RowKind.MISSING_IN_TARGET, List.of("2")),
                new Difference(RowKind.CHANGED, List.of("4")),
                new Difference(RowKind.MISSING_IN_SOURCE, List.of("9")));
    }

    @Test
    void equalListsAndEmptySidesMerge() {
        List<KeyedHash> rows = List.of(row("1", "a"), row("2", "b"));
        assertThat(CompareMerge.differences(rows, rows, CompareKey.order(ID))).isEmpty();
        assertThat(CompareMerge.differences(rows, List.of(), CompareKey.order(ID))).extracting(Difference::kind)
                .containsExactly(RowKind.MISSING_IN_TARGET, RowKind.MISSING_IN_TARGET);
        assertThat(CompareMerge.differences(List.of(), rows, CompareKey.order(ID))).extracting(Difference::kind)
                .containsExactly(RowKind.MISSING_IN_SOURCE, RowKind.MISSING_IN_SOURCE);
    }

    @Test
    void integerKeysOrderAsNumbersBeyondLongAndOthersAsTextColumnByColumn() {
        assertThat(CompareKey.order(ID).compare(List.of("9"), List.of("10"))).isNegative();
        assertThat(CompareKey.order(ID).compare(List.of("18446744073709551615"), List.of("18446744073709551614"))).isPositive();
        BackfillKey pair = new BackfillKey(List.of("tenant", "code"), false);
        assertThat(CompareKey.order(pair).compare(List.of("7", "B"), List.of("7", "A-1"))).isPositive();
        assertThat(CompareKey.order(pair).compare(List.of("7", "A"), List.of("7", "A"))).isZero();
    }

    @Test
    void keysAreShownAsColumnsAndValues() {
        assertThat(CompareKey.shown(List.of("id"), List.of("42"))).isEqualTo("id=42");
        assertThat(CompareKey.shown(List.of("tenant", "code"), List.of("7", "A-1"))).isEqualTo("(tenant, code)=(7, 'A-1')");
        assertThat(CompareKey.shown(List.of("a", "b"), java.util.Arrays.asList("1", null))).isEqualTo("(a, b)=(1, NULL)");
    }

    @Test
    void longValuesAreShortenedAndShortOnesKept() {
        String long65 = "x".repeat(65);
        assertThat(CompareFindings.shorten(long65)).isEqualTo("x".repeat(64) + "…");
        assertThat(CompareFindings.shorten("x".repeat(64))).isEqualTo("x".repeat(64));
        assertThat(CompareFindings.shorten(null)).isNull();
    }

    @Test
    void findingsCountEveryRowButListOnlyUpToTheCap() {
        CompareFindings findings = new CompareFindings(2);
        for (int i = 0; i < 5; i++) {
            findings.add(new dev.tandem.ComparisonReport.Row(RowKind.CHANGED, "id=" + i, List.of()));
        }
        findings.add(new dev.tandem.ComparisonReport.Row(RowKind.MISSING_IN_SOURCE, "id=9", List.of()));
        assertThat(findings.changed()).isEqualTo(5);
        assertThat(findings.missingInSource()).isEqualTo(1);
        assertThat(findings.rows()).extracting(dev.tandem.ComparisonReport.Row::key).containsExactly("id=0", "id=1");
        assertThat(findings.listsMore()).isFalse();
    }
}
