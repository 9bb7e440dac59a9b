package dev.tandem.mysql.internal;

import dev.tandem.spi.StepContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The indexes of a column a contract's swap drops, carried over to the column that takes its place: each
 * index on the column that goes copied over the column that stays, under its name with Tandem's prefix
 * ({@link #PREFIX}), online; then, in one online ALTER, the originals dropped and the copies given their
 * names, so that the swap's {@code DROP COLUMN} finds no index on the column and stays instant, and no index
 * is lost with it. {@code alter_column} hands its column's indexes to the shadow; {@code rename_column} the
 * indexes made on its new column since the expand to the column that takes that name at the swap.
 */
final class IndexCopies {

    /** What the name of a copy starts with. */
    static final String PREFIX = "_tandem_";

    private IndexCopies() {
    }

    /** The copy of {@code index} with {@code replacement} in place of {@code column}, named with the prefix. */
    static String copyOf(IndexInfo index, String column, String replacement) {
        List<String> parts = new ArrayList<>();
        for (IndexInfo.Part part : index.parts()) {
            String name = part.column().equalsIgnoreCase(column) ? replacement : part.column();
            parts.add(Identifiers.quote(name) + (part.subPart() == null ? "" : "(" + part.subPart() + ")"));
        }
        return (index.unique() ? "UNIQUE " : "") + "INDEX " + Identifiers.quote(PREFIX + index.name()) + " ("
                + String.join(", ", parts) + ")";
    }

    /**
     * Index name -> the definition of its copy ({@link #copyOf}), for each index on {@code column} but the primary key
     * and the copies of another migration in flight.
     */
    static Map<String, String> copiesOf(List<IndexInfo> indexes, String column, String replacement) {
        Map<String, String> definitions = new LinkedHashMap<>();
        for (IndexInfo index : indexes) {
            if (!index.isPrimary() && index.covers(column) && !index.name().startsWith(PREFIX)) {
                definitions.put(index.name(), copyOf(index, column, replacement));
            }
        }
        return definitions;
    }

    /** Adds a copy over {@code replacement} of each index on {@code column} that has none yet. */
    static void copyMissing(StepContext context, String table, String column, String replacement, boolean resumed)
            throws SQLException {
        Set<String> copied = new HashSet<>();
        renames(context, table, replacement).values().forEach(original -> copied.add(original.toLowerCase(Locale.ROOT)));
        for (Map.Entry<String, String> index : copiesOf(SchemaInspector.of(context).indexes(table), column, replacement)
                .entrySet()) {
            if (!copied.contains(index.getKey().toLowerCase(Locale.ROOT))) {
                context.execute("ALTER TABLE " + Identifiers.quote(table) + " ADD " + index.getValue(), resumed);
            }
        }
    }

    /** The copies over {@code replacement}, and the names they take back: copy -> original. */
    static Map<String, String> renames(StepContext context, String table, String replacement) throws SQLException {
        Map<String, String> renames = new LinkedHashMap<>();
        for (IndexInfo index : SchemaInspector.of(context).indexes(table)) {
            if (index.covers(replacement) && index.name().startsWith(PREFIX)) {
                renames.put(index.name(), index.name().substring(PREFIX.length()));
            }
        }
        return renames;
    }

    /** Drops the originals of the copies {@code renames} names (copy -> original) and gives the copies their names, in one online ALTER. */
    static void handOver(StepContext context, String table, Map<String, String> renames, boolean resumed) throws SQLException {
        if (!renames.isEmpty()) {
            Set<String> indexes = new HashSet<>();
            SchemaInspector.of(context).indexes(table).forEach(i -> indexes.add(i.name().toLowerCase(Locale.ROOT)));
            context.execute(handOverSql(table, renames, indexes), resumed);
        }
    }

    /**
     * One online ALTER that drops each original index still there ({@code existing}, lower-cased names) and
     * gives its copy the original's name ({@code renames}: copy -> original).
     */
    static String handOverSql(String table, Map<String, String> renames, Set<String> existing) {
        List<String> clauses = new ArrayList<>();
        renames.forEach((copy, original) -> {
            if (existing.contains(original.toLowerCase(Locale.ROOT))) {
                clauses.add("DROP INDEX " + Identifiers.quote(original));
            }
            clauses.add("RENAME INDEX " + Identifiers.quote(copy) + " TO " + Identifiers.quote(original));
        });
        return "ALTER TABLE " + Identifiers.quote(table) + " " + String.join(", ", clauses);
    }
}
