package dev.tandem.mysql.internal;

import dev.tandem.ComparisonReport.RowKind;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Looks again, by key, at the rows a keyed table's walk found differing, so that only differences that
 * persist are reported. Each round reads the rows' hashes on the source, lets {@link CompareConsistency}
 * wait for a replica to catch up, reads them on the target, then on the source again. A row is equal if
 * the target matches either read of the source (it held that value at some moment); it still differs if
 * the source did not change between its two reads and the target does not match it; otherwise it was
 * written during the round and is unsettled. Rows that differ or are unsettled go to the next round;
 * after the last, those that differ are the table's differences. On a replica the rows still unsettled
 * get a last look held on the source ({@link CompareHeldRecheck}); those it cannot settle are counted.
 */
final class CompareRecheck {

    /**
     * The most differing rows per table re-checked: their keys are held in memory. Rows beyond are counted
     * as the walk found them and the table's notes say so.
     */
    static final int MAX_KEYS = 10_000;
    /** Keys per re-check statement: few round trips, while the statement stays far below max_allowed_packet. */
    static final int BATCH_KEYS = 500;

    /** What one round found: the rows that still differ (in key order) and those written during it. */
    record Round(List<CompareMerge.Difference> differing, List<List<String>> unsettled) {
    }

    /** What the re-check found: the persisting differences, the rows never settled, the rounds run. */
    record Outcome(List<CompareMerge.Difference> persisting, long unsettled, int rounds) {
    }

    private final CompareBothSides sides;
    private final BackfillKey key;
    private final CompareConsistency consistency;

    CompareRecheck(CompareBothSides sides, BackfillKey key, CompareConsistency consistency) {
        this.sides = sides;
        this.key = key;
        this.consistency = consistency;
    }

    /** Re-checks {@code suspects} (in key order) for as many rounds as {@link CompareConsistency#rounds()} allows. */
    Outcome recheck(List<CompareMerge.Difference> suspects) throws SQLException {
        List<List<String>> keys = suspects.stream().map(CompareMerge.Difference::key).toList();
        Round round = new Round(List.of(), List.of());
        int rounds = 0;
        while (!keys.isEmpty() && rounds < consistency.rounds()) {
            rounds++;
            Map<List<String>, String> before = hashes(sides.source(), keys);
            consistency.catchUp();
            Map<List<String>, String> now = hashes(sides.target(), keys);
            Map<List<String>, String> after = hashes(sides.source(), keys);
            round = judge(keys, before, now, after);
            Set<List<String>> open = new HashSet<>(round.unsettled());
            round.differing().forEach(d -> open.add(d.key()));
            keys = keys.stream().filter(open::contains).toList(); // in key order still
        }
        consistency.rounds(rounds);
        if (round.unsettled().isEmpty() || !consistency.targetReplicates()) {
            return new Outcome(round.differing(), round.unsettled().size(), rounds);
        }
        Round held = new CompareHeldRecheck(sides, key, consistency).settle(round.unsettled());
        return new Outcome(inKeyOrder(keys, round.differing(), held.differing()), held.unsettled().size(), rounds);
    }

    /** The differences of {@code a} and {@code b} (each a part of {@code keys}) in the order of {@code keys}. */
    private static List<CompareMerge.Difference> inKeyOrder(List<List<String>> keys, List<CompareMerge.Difference> a,
                                                          List<CompareMerge.Difference> b) {
        Map<List<String>, CompareMerge.Difference> byKey = new HashMap<>();
        a.forEach(d -> byKey.put(d.key(), d));
        b.forEach(d -> byKey.put(d.key(), d));
        return keys.stream().map(byKey::get).filter(Objects::nonNull).toList();
    }

    /**
     * One round's verdict on each of {@code keys} from the source's hashes before and after the target's
     * ({@code now}); a key missing from a map has no row on that side.
     */
    static Round judge(List<List<String>> keys, Map<List<String>, String> before, Map<List<String>, String> now,
                       Map<List<String>, String> after) {
        List<CompareMerge.Difference> differing = new ArrayList<>();
        List<List<String>> unsettled = new ArrayList<>();
        for (List<String> k : keys) {
            String target = now.get(k);
            String sourceBefore = before.get(k);
            String sourceAfter = after.get(k);
            if (Objects.equals(target, sourceBefore) || Objects.equals(target, sourceAfter)) {
                continue;
            }
            if (Objects.equals(sourceBefore, sourceAfter)) {
                differing.add(new CompareMerge.Difference(sourceAfter == null ? RowKind.MISSING_IN_SOURCE
                        : target == null ? RowKind.MISSING_IN_TARGET : RowKind.CHANGED, k));
            } else {
                unsettled.add(k);
            }
        }
        return new Round(differing, unsettled);
    }

    /** The hashes of the rows of {@code keys} on one side, by key as the server returns it; the throttle asked before each batch. */
    private Map<List<String>, String> hashes(CompareSide side, List<List<String>> keys) throws SQLException {
        Map<List<String>, String> hashes = new HashMap<>();
        for (int from = 0; from < keys.size(); from += BATCH_KEYS) {
            sides.awaitGo();
            hashes.putAll(batchHashes(side, key, keys.subList(from, Math.min(keys.size(), from + BATCH_KEYS))));
        }
        return hashes;
    }

    /** The hashes of the rows of {@code batch} (at most {@link #BATCH_KEYS}) on one side, by key as the server returns it. */
    static Map<List<String>, String> batchHashes(CompareSide side, BackfillKey key, List<List<String>> batch) throws SQLException {
        Map<List<String>, String> hashes = new HashMap<>();
        try (PreparedStatement s = side.connection().prepareStatement(
                CompareSql.rowHashesOf(side.table(), key, side.rowHash(), batch.size()))) {
            int next = 1;
            for (List<String> values : batch) {
                next = key.bind(s, next, values);
            }
            CompareChunks.keyedHashes(s, key.columns().size()).forEach(h -> hashes.put(h.key(), h.hash()));
        }
        return hashes;
    }
}
