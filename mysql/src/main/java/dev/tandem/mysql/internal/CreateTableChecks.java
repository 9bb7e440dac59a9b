package dev.tandem.mysql.internal;

import dev.tandem.spi.Step;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code create_table} checks before anything of its migration runs, each of which used to fail at its
 * expand, after the operations before it had run theirs: that the server accepts its definitions (tried on a
 * temporary table), that its FULLTEXT and SPATIAL indexes, which a temporary table cannot have, name columns
 * of it (of text, for FULLTEXT) under names no other index has, and that its foreign keys fit what they
 * reference ({@link ForeignKeyFit}).
 */
final class CreateTableChecks {

    private static final Logger LOG = LoggerFactory.getLogger(CreateTableChecks.class);
    /** The temporary table {@link #tableDefinitionAccepted} tries a new table's definitions on. */
    private static final String TABLE_PROBE = "_tandem_probe_table";

    private CreateTableChecks() {
    }

    /**
     * The names {@code create_table} gives its foreign keys, and its CHECKs, are free in the schema where those
     * share one namespace ({@link ConstraintNames}): the temporary table it is tried on has no foreign keys, and
     * does not tell a CHECK's name another table's has.
     */
    static Step constraintNamesFree(String where, String table, List<String> foreignKeyNames, List<String> checkNames) {
        return Steps.of(where + ": its constraints' names are free in the schema", (context, resumed) -> {
            for (String name : foreignKeyNames) {
                ConstraintNames.requireForeignKeyNameFree(context, where, table, name);
            }
            for (String name : checkNames) {
                ConstraintNames.requireCheckNameFree(context, where, table, name);
            }
        });
    }

    /**
     * The server accepts {@code create_table}'s {@code definitions} (those a temporary table can have:
     * {@link CreateTable#triable}), tried on a temporary table: a mistyped type, a default or an index it
     * refuses stops the migration before anything of it runs, not at its expand after the operations before
     * it ran. Only the errors that say a definition is wrong refuse it ({@link SchemaRefusal#DEFINITION_ERRORS}):
     * one the temporary table alone could raise lets the expand tell. A user without the privilege to create
     * temporary tables is not refused for it. Its {@code searchIndexes}, which the temporary table cannot have,
     * are looked at beside it ({@link #searchIndexesFit}); its columns are kept for {@link #foreignKeysFit}.
     */
    static Step tableDefinitionAccepted(String where, String table, List<String> definitions,
                                        List<CreateTable.SearchIndex> searchIndexes) {
        return Steps.of(where + ": the server accepts its definitions", (context, resumed) -> {
            if (definitions.isEmpty()) {
                return;
            }
            try (Statement s = context.connection().createStatement()) {
                s.execute("DROP TEMPORARY TABLE IF EXISTS " + TABLE_PROBE);
                try {
                    s.execute("CREATE TEMPORARY TABLE " + TABLE_PROBE + " " + CreateTable.body(definitions));
                } catch (SQLException e) {
                    if (SchemaRefusal.DEFINITION_ERRORS.contains(e.getErrorCode())) {
                        throw SchemaRefusal.tableDefinitionNotAccepted(where, table, e);
                    }
                    LOG.debug("{}: its definitions not tried on a temporary table ({}); checked when it runs", where,
                            e.getMessage());
                    return;
                }
                try {
                    SchemaModel.Tried made = new SchemaModel.Tried(SchemaInspector.of(context).temporaryColumns(TABLE_PROBE),
                            SchemaQueries.shownIndexes(Jdbc.rows(context.connection(), SchemaQueries.showIndex(TABLE_PROBE))));
                    searchIndexesFit(where, table, searchIndexes, made);
                    SchemaModel.of(context).tried(table, made);
                } finally {
                    s.execute("DROP TEMPORARY TABLE " + TABLE_PROBE);
                }
            }
        });
    }

    /**
     * {@code create_table}'s foreign keys ({@link CreateTable#references}) fit what they reference: the table
     * is in the live schema, or made by a {@code create_table} before it in the migration, or is the table
     * itself, with the columns they name, as many as theirs, of types that fit theirs and that an index
     * begins with ({@link ForeignKeyFit}); a table made in the migration as {@link #tableDefinitionAccepted}
     * tried it (left to the server where it could not be tried). Then records {@code table} as made, for the
     * operations after it. Each of these used to fail at the expand, after the operations before it ran theirs.
     */
    static Step foreignKeysFit(String where, String table, List<CreateTable.Reference> references) {
        return Steps.of(where + ": its foreign keys fit what they reference", (context, resumed) -> {
            SchemaModel model = SchemaModel.of(context);
            Optional<SchemaModel.Tried> own = model.tried(table);
            for (CreateTable.Reference reference : references) {
                String parent = reference.table();
                boolean made = parent.equalsIgnoreCase(table) || model.created(parent);
                if (!made && !model.tableExists(parent)) {
                    throw SchemaRefusal.referencedTableMissing(where, table, parent);
                }
                if (reference.from().size() != reference.columns().size()) {
                    throw SchemaRefusal.foreignKeyWidth(where, table, reference.from(), parent, reference.columns());
                }
                Optional<SchemaModel.Tried> referenced = made ? model.tried(parent)
                        : Optional.of(new SchemaModel.Tried(model.liveColumns(parent), model.indexes(parent)));
                if (referenced.isEmpty()) {
                    continue; // its definitions could not be tried: the server checks the key at the expand
                }
                for (int i = 0; i < reference.columns().size(); i++) {
                    columnFits(where, table, reference.from().get(i), own, parent, reference.columns().get(i),
                            referenced.get().columns());
                }
                if (!ForeignKeyFit.referencedIndexed(referenced.get().indexes(), reference.columns())) {
                    throw SchemaRefusal.referencedNotIndexed(where, table, parent, reference.columns());
                }
            }
            model.create(table);
        });
    }

    /**
     * A column of a new table's foreign key ({@code own}: the table as tried, if it could be) fits the column of
     * {@code parent} it references, one of {@code parentColumns}.
     */
    private static void columnFits(String where, String table, String column, Optional<SchemaModel.Tried> own,
                                   String parent, String parentColumn, List<ColumnInfo> parentColumns) throws SchemaRefusal {
        ColumnInfo referenced = parentColumns.stream().filter(c -> c.isNamed(parentColumn)).findFirst()
                .orElseThrow(() -> SchemaRefusal.columnMissing(where, parent, parentColumn));
        if (own.isEmpty()) {
            return; // its definitions could not be tried: the server checks the types at the expand
        }
        ColumnInfo child = own.get().columns().stream().filter(c -> c.isNamed(column)).findFirst()
                .orElseThrow(() -> SchemaRefusal.columnMissing(where, table, column));
        ForeignKeyFit.requireFit(where, table, child, parent, referenced);
    }

    /**
     * The FULLTEXT and SPATIAL indexes, left out of the temporary table, name columns the table was {@code made}
     * with (FULLTEXT ones of text), under names none of its indexes nor another of them has.
     */
    private static void searchIndexesFit(String where, String table, List<CreateTable.SearchIndex> searchIndexes,
                                         SchemaModel.Tried made) throws SchemaRefusal {
        List<ColumnInfo> columns = made.columns();
        Set<String> names = new HashSet<>();
        made.indexes().forEach(index -> names.add(index.name().toLowerCase(Locale.ROOT)));
        for (CreateTable.SearchIndex index : searchIndexes) {
            for (String column : index.columns()) {
                ColumnInfo found = columns.stream().filter(c -> c.isNamed(column)).findFirst()
                        .orElseThrow(() -> SchemaRefusal.columnMissing(where, table, column));
                if (index.fullText() && !TypeChange.isText(found.dataType())) {
                    throw SchemaRefusal.notFullTextIndexable(where, table, found.name(), found.definition().type());
                }
            }
            if (index.name() != null && !names.add(index.name().toLowerCase(Locale.ROOT))) {
                throw SchemaRefusal.indexExists(where, table, index.name());
            }
        }
    }
}
