package dev.tandem.mysql.internal;

import dev.tandem.ComparisonReport.RowKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the two sides' sorted lists of keys and row hashes into the rows that differ: a key on one side
 * only is a missing row, a key on both with different hashes a changed one.
 */
final class CompareMerge {

    /** A row's key values and its hash. */
    record KeyedHash(List<String> key, String hash) {
    }

    /** A differing row: what differs, and its key. */
    record Difference(RowKind kind, List<String> key) {
    }

    private CompareMerge() {
    }

    /** The differences of two lists, each sorted by {@code order}, in key order. */
    static List<Difference> differences(List<KeyedHash> source, List<KeyedHash> target, Comparator<List<String>> order) {
        List<Difference> differences = new ArrayList<>();
        int s = 0;
        int t = 0;
        while (s < source.size() || t < target.size()) {
            int c = s == source.size() ? 1 : t == target.size() ? -1 : order.compare(source.get(s).key(), target.get(t).key());
            if (c < 0) {
                differences.add(new Difference(RowKind.MISSING_IN_TARGET, source.get(s++).key()));
            } else if (c > 0) {
                differences.add(new Difference(RowKind.MISSING_IN_SOURCE, target.get(t++).key()));
            } else {
                if (!source.get(s).hash().equals(target.get(t).hash())) {
                    differences.add(new Difference(RowKind.CHANGED, source.get(s).key()));
                }
                s++;
                t++;
            }
        }
        return differences;
    }
}
