package dev.tandem.mysql.internal;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The key a comparison walks a table by — the backfill's choice: the primary key, else a unique key over
 * NOT NULL columns — with the order Java sorts its values in and how the report shows them.
 */
final class CompareKey {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private CompareKey() {
    }

    /** The source's key to walk, if it has one that the target's columns hold too. */
    static Optional<BackfillKey> of(List<IndexInfo> indexes, List<ColumnInfo> columns, List<ColumnInfo> targetColumns) {
        try {
            BackfillKey key = BackfillKey.choose(indexes, columns, "", "");
            boolean inTarget = key.columns().stream().allMatch(k -> targetColumns.stream().anyMatch(c -> c.isNamed(k)));
            return inTarget ? Optional.of(key) : Optional.empty();
        } catch (SQLException noKey) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code targetIndexes} hold {@code key} unique as the source does: a unique index over exactly its
     * columns, whole, none of which may be NULL. Walked by a key the target does not hold so, a key with many
     * rows there narrowed a chunk to itself without end, and rows of one key were merged into one.
     */
    static boolean heldUniqueBy(BackfillKey key, List<IndexInfo> targetIndexes) {
        Set<String> columns = key.columns().stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return targetIndexes.stream().filter(IndexInfo::unique)
                .filter(i -> i.parts().stream().allMatch(p -> p.column() != null && p.subPart() == null && !p.nullable()))
                .anyMatch(i -> i.parts().size() == columns.size() && columns.equals(i.columns().stream()
                        .map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet())));
    }

    /**
     * The key's columns of another type on the two sides, as {@code name (source's, target's)}. A key value goes
     * from one side to the other as the side that read it spells it: an ENUM's member number ('follow' is 2 of
     * one list, 3 of another), a DECIMAL's digits (1.50 against 1.500) or a decimal read where the other side's
     * key is an integer do not name the same row on both, and equal rows were reported missing.
     */
    static List<String> typedOtherwise(BackfillKey key, List<ColumnInfo> source, List<ColumnInfo> target) {
        List<String> otherwise = new ArrayList<>();
        for (String column : key.columns()) {
            String a = source.stream().filter(c -> c.isNamed(column)).findFirst().map(c -> c.definition().type()).orElse(null);
            String b = target.stream().filter(c -> c.isNamed(column)).findFirst().map(c -> c.definition().type()).orElse(null);
            if (a != null && b != null && !keyForm(a).equals(keyForm(b))) {
                otherwise.add(column + " (" + CompareSchema.type(a) + ", " + CompareSchema.type(b) + ")");
            }
        }
        return otherwise;
    }

    /**
     * What a key value of {@code type} travels as, one family for the types whose values read alike on both sides:
     * every integer (as a number), every text (as its characters), every byte string (as its bytes), YEAR with or
     * without its width. Any other type stands for itself: an ENUM with its members, a DECIMAL with its scale.
     */
    static String keyForm(String type) {
        String normalised = CompareSchema.type(type);
        String base = normalised.split("[ (]", 2)[0];
        return BackfillKey.INTEGER_TYPES.contains(base) ? "integer" : TypeChange.CHARACTERS.contains(base) ? "text"
                : TypeChange.BYTES.contains(base) ? "bytes" : base.equals("year") ? "year" : normalised;
    }

    /**
     * The key's columns that the two sides sort by other collations (none for a number), as {@code name
     * (source's, target's)}. Each side bounds a chunk by its own order: where they disagree ('B' before 'a' by
     * a binary collation, after it by a case-insensitive one), the chunks do not hold the same rows, and the walk
     * went back and forth between two keys without end.
     */
    static List<String> sortedOtherwise(BackfillKey key, List<ColumnInfo> source, List<ColumnInfo> target) {
        List<String> otherwise = new ArrayList<>();
        for (String column : key.columns()) {
            String a = source.stream().filter(c -> c.isNamed(column)).findFirst().map(c -> c.definition().collation()).orElse(null);
            String b = target.stream().filter(c -> c.isNamed(column)).findFirst().map(c -> c.definition().collation()).orElse(null);
            if (!java.util.Objects.equals(a, b)) {
                otherwise.add(column + " (" + a + ", " + b + ")");
            }
        }
        return otherwise;
    }

    /**
     * The order a chunk's keys are merged in. Both sides' lists are sorted with it in Java, so it need not
     * be the server's (a collation's) order, only the same for both: an integer key as a number, any other
     * value by value, as text.
     */
    static Comparator<List<String>> order(BackfillKey key) {
        return (a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                int c = key.integer() ? new BigInteger(a.get(i)).compareTo(new BigInteger(b.get(i))) : a.get(i).compareTo(b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    /** A row's key as the report shows it: {@code id=42}, {@code (tenant, code)=(7, 'A-1')}, bytes as {@code 0x1F}; long values shortened. */
    static String shown(BackfillKey key, List<String> values) {
        List<String> shownValues = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            shownValues.add(key.isBinary(key.columns().get(i)) ? "0x" + CompareFindings.shorten(values.get(i)) : literal(values.get(i)));
        }
        return joined(key.columns(), shownValues);
    }

    /** A keyless row's values as the report shows them, as a key's are. */
    static String shown(List<String> columns, List<String> values) {
        return joined(columns, values.stream().map(CompareKey::literal).toList());
    }

    /** {@code c=v}, or {@code (c1, c2)=(v1, v2)}. */
    private static String joined(List<String> columns, List<String> shownValues) {
        return columns.size() == 1 ? columns.get(0) + "=" + shownValues.get(0)
                : "(" + String.join(", ", columns) + ")=(" + String.join(", ", shownValues) + ")";
    }

    private static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        return NUMBER.matcher(value).matches() ? value : "'" + CompareFindings.shorten(value) + "'";
    }
}
