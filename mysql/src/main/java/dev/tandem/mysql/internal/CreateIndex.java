package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code create_index}: regular, unique, composite or prefix, built online.
 *
 * <pre>
 * - create_index:
 *     table: customers
 *     name: customers_email
 *     columns: [email, name(20)]
 *     unique: true            # default false: first checks for duplicates, refusing with examples
 *     kind: fulltext          # optional: fulltext or spatial, which block writes while they build...
 *     allow_blocking: true    # ...and so need this
 * </pre>
 *
 * expand: {@code CREATE INDEX ... ALGORITHM=INPLACE LOCK=NONE}; rollback drops it.
 */
public final class CreateIndex implements OperationType {

    /**
     * A column the copy lacks (one an earlier operation adds, whose own trial could not run): ER_BAD_FIELD_ERROR,
     * and ER_KEY_COLUMN_DOES_NOT_EXITS, as {@code ADD INDEX} says it.
     */
    private static final Set<Integer> COLUMN_NOT_THERE = Set.of(1054, 1072);

    private static final Pattern PREFIX = Pattern.compile("\\s*`?([^`(\\s]+)`?\\s*(?:\\((\\d+)\\))?\\s*");

    @Override
    public String name() {
        return "create_index";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "name", "columns", "unique", "kind", "allow_blocking"));
        String table = spec.requireString("table");
        String name = Identifiers.newName(spec, "name");
        List<String> columns = spec.requireStringList("columns");
        boolean unique = spec.optionalBoolean("unique").orElse(false);
        String kind = spec.optionalString("kind").map(k -> k.toUpperCase(Locale.ROOT)).orElse("");
        if (!kind.isEmpty() && !kind.equals("FULLTEXT") && !kind.equals("SPATIAL")) {
            throw spec.error("kind", "'kind' is fulltext or spatial, not '" + kind.toLowerCase(Locale.ROOT) + "'");
        }
        if (unique && !kind.isEmpty()) {
            throw spec.error("unique", "a " + kind.toLowerCase(Locale.ROOT) + " index cannot be unique");
        }
        boolean allowBlocking = spec.optionalBoolean("allow_blocking").orElse(false);
        if (!kind.isEmpty() && !allowBlocking) {
            throw spec.error("kind", "a " + kind.toLowerCase(Locale.ROOT) + " index blocks writes to " + table
                    + " while it builds; say 'allow_blocking: true' to accept that");
        }
        String where = Where.named(spec, name(), name, table).text();
        List<String> parts = new ArrayList<>();
        List<String> keyExpressions = new ArrayList<>();
        List<String> indexed = new ArrayList<>();
        List<String> whole = new ArrayList<>();
        for (String column : columns) {
            Matcher m = PREFIX.matcher(column);
            if (!m.matches()) {
                throw spec.error("columns", "'" + column + "' is not a column or a column(prefix length)");
            }
            if (!kind.isEmpty() && m.group(2) != null) {
                throw spec.error("columns", "a " + kind.toLowerCase(Locale.ROOT) + " index takes whole columns, not '"
                        + column + "'");
            }
            indexed.add(m.group(1));
            if (m.group(2) == null) {
                whole.add(m.group(1));
            }
            parts.add(Identifiers.quote(m.group(1)) + (m.group(2) == null ? "" : "(" + m.group(2) + ")"));
            keyExpressions.add(m.group(2) == null ? Identifiers.quote(m.group(1))
                    : "LEFT(" + Identifiers.quote(m.group(1)) + ", " + m.group(2) + ")");
        }
        String sql = "CREATE " + (unique ? "UNIQUE " : kind.isEmpty() ? "" : kind + " ") + "INDEX " + Identifiers.quote(name)
                + " ON " + Identifiers.quote(table) + " (" + String.join(", ", parts) + ")"
                + (allowBlocking && !kind.isEmpty() ? " LOCK=SHARED" : "");
        List<Step> checks = new ArrayList<>(List.of(Checks.tableExists(where, table), Checks.indexNameFree(where, table, name, indexed)));
        // Each column, or an earlier operation of the migration adding it: else the statement would fail at expand.
        indexed.forEach(column -> checks.add(Checks.columnExists(where, table, column)));
        if (kind.isEmpty()) {
            checks.add(wholeColumnsIndexable(where, table, whole));
            checks.add(acceptedOnAnEmptyCopy(where, table, indexed, (unique ? "UNIQUE " : "") + "INDEX "
                    + Identifiers.quote(name) + " (" + String.join(", ", parts) + ")"));
        } else {
            checks.add(searchColumnsFit(where, table, indexed, kind.equals("FULLTEXT")));
        }
        if (unique) {
            checks.add(noDuplicates(where, table, indexed, keyExpressions));
        }
        List<Step> rollback = List.of(Steps.sql(where + ": drop it", "ALTER TABLE " + Identifiers.quote(table)
                + " DROP INDEX " + Identifiers.quote(name)));
        return OperationLifecycle.of(checks, List.of(Steps.sql(where, sql)), List.of(), List.of(), rollback);
    }

    /**
     * Refuses a column named without a prefix length that the server indexes only by one (MySQL's TEXT and
     * BLOB) or not at all (MySQL's JSON), where it would fail at the expand; a column an earlier operation of
     * the migration adds is left to the server.
     */
    private static Step wholeColumnsIndexable(String where, String table, List<String> whole) {
        return Steps.of(where + ": its columns can be indexed whole", (context, resumed) -> {
            boolean mariaDb = ServerFlavor.isMariaDb(context);
            for (ColumnInfo column : SchemaModel.of(context).liveColumns(table)) {
                String why = whole.stream().anyMatch(column::isNamed)
                        ? ServerFlavor.cannotIndexWhole(mariaDb, column.definition().type()) : null;
                if (why != null) {
                    String fix = !column.definition().type().equalsIgnoreCase("json") ? "Index a prefix of it: " + column.name() + "(191) in 'columns',"
                            + " or as many characters as its values need to tell them apart."
                            : "Index a generated column that extracts the value from it instead.";
                    throw new SchemaRefusal(SchemaRefusal.Kind.DEFINITION_NOT_ACCEPTED, where, table, column.name(), fix,
                            where + ": " + why + ", and " + column.name() + " is " + column.definition().type() + ". " + fix);
                }
            }
        });
    }

    /**
     * A FULLTEXT index's columns hold text (CHAR, VARCHAR, TEXT), a SPATIAL index's are geometries, NOT NULL,
     * as the servers require: else the index failed at the expand (a temporary copy cannot have one to try
     * it on). A column an earlier operation of the migration adds is left to the server.
     */
    private static Step searchColumnsFit(String where, String table, List<String> indexed, boolean fullText) {
        return Steps.of(where + ": its columns take a " + (fullText ? "FULLTEXT" : "SPATIAL") + " index", (context, resumed) -> {
            for (ColumnInfo column : SchemaModel.of(context).liveColumns(table)) {
                if (indexed.stream().noneMatch(column::isNamed)) {
                    continue;
                }
                if (fullText && !TypeChange.isText(column.dataType())) {
                    throw SchemaRefusal.notFullTextIndexable(where, table, column.name(), column.definition().type());
                }
                if (!fullText && (!TypeChange.isGeometry(column.dataType()) || column.definition().nullable())) {
                    throw SchemaRefusal.notSpatialIndexable(where, table, column.name(), column.definition().type()
                            + (column.definition().nullable() ? " NULL" : " NOT NULL"));
                }
            }
        });
    }

    /**
     * The server makes the index ({@code definition}, as {@code ALTER TABLE ... ADD} takes it) on an empty
     * temporary copy of the table ({@link EmptyCopyTrial}): a key longer than the server takes, a prefix on a
     * column that takes none or longer than the column, refuse the migration here, not at its expand after the
     * operations before it ran theirs. Only the errors that say a definition is wrong refuse
     * ({@link SchemaRefusal#DEFINITION_ERRORS}). The copy has the columns earlier operations of the migration
     * add where their own trials took them (a TEXT column MySQL indexes only by a prefix is refused so); one
     * that could not be tried, which the copy lacks, leaves the index to the expand.
     */
    private static Step acceptedOnAnEmptyCopy(String where, String table, List<String> indexed, String definition) {
        return Steps.of(where + ": the server accepts the index", (context, resumed) -> {
            List<ColumnInfo> live = SchemaModel.of(context).liveColumns(table);
            boolean allLive = indexed.stream().allMatch(column -> live.stream().anyMatch(c -> c.isNamed(column)));
            Optional<SQLException> refused = EmptyCopyTrial.refusal(context, where, table, "ADD " + definition,
                    SchemaRefusal.DEFINITION_ERRORS);
            if (refused.isPresent() && (allLive || !COLUMN_NOT_THERE.contains(refused.get().getErrorCode()))) {
                throw SchemaRefusal.indexDefinitionNotAccepted(where, table, refused.get());
            }
        });
    }

    /**
     * Refuses a unique index over rows that repeat its key, showing up to five repeated keys; and one over a
     * column an earlier operation of the migration adds, whose values (its default, or what its backfill writes
     * after the index exists) are not there yet to look at: a repeat would fail the expand or stop the backfill
     * half way.
     */
    private static Step noDuplicates(String where, String table, List<String> indexed, List<String> key) {
        return Steps.of(where + ": no duplicate keys", (context, resumed) -> {
            SchemaModel model = SchemaModel.of(context);
            for (String column : indexed) {
                if (model.liveColumns(table).stream().noneMatch(c -> c.isNamed(column))) {
                    String fix = "Add the unique index in a later migration, once this one's backfill is done.";
                    throw new SchemaRefusal(SchemaRefusal.Kind.DUPLICATE_KEYS, where, table, column, fix, where + ": the"
                            + " unique index covers " + column + ", which an earlier operation of this migration adds to "
                            + table + ": its values are not there to check for repeats, and one would fail the expand or"
                            + " stop the backfill half way. " + fix);
                }
            }
            String notNull = String.join(" AND ", key.stream().map(k -> k + " IS NOT NULL").toList());
            // MIN: under MySQL's only_full_group_by a prefix's LEFT(c, n) in the group is no grouping of c itself.
            String sql = "SELECT MIN(CONCAT_WS(', ', " + String.join(", ", key) + ")), COUNT(*) FROM " + Identifiers.quote(table)
                    + " WHERE " + notNull + " GROUP BY " + String.join(", ", key) + " HAVING COUNT(*) > 1"
                    + " ORDER BY COUNT(*) DESC LIMIT 5";
            List<String> examples = Checks.examples(context, sql);
            if (!examples.isEmpty()) {
                String fix = "Remove the duplicates first (a backfill in an earlier migration), then add the index.";
                throw new SchemaRefusal(SchemaRefusal.Kind.DUPLICATE_KEYS, where, table, null, fix, where + ": the table"
                        + " has rows with the same key, so a unique index would fail; for example "
                        + String.join("; ", examples) + ". " + fix);
            }
        });
    }
}
