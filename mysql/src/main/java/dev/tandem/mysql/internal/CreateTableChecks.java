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
    /** Where a {@code SHOW INDEX} row says its index's name (Table, Non_unique, Key_name, ...). */
    private static final int SHOWN_KEY_NAME = 2;

    private CreateTableChecks() {
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
                    List<ColumnInfo> columns = SchemaInspector.of(context).temporaryColumns(TABLE_PROBE);
                    searchIndexesFit(where, table, searchIndexes, columns, Jdbc.rows(context.connection(),
                            SchemaQueries.showIndex(TABLE_PROBE)).stream().map(row -> row.get(SHOWN_KEY_NAME)).toList());
                    SchemaModel.of(context).tried(table, columns);
                } finally {
                    s.execute("DROP TEMPORARY TABLE " + TABLE_PROBE);
                }
            }
        });
    }

    /**
     * {@code create_table}'s foreign keys ({@link CreateTable#references}) fit what they reference: the table
     * is in the live schema with the columns they name, as many as theirs, of types that fit theirs (as
     * {@link #tableDefinitionAccepted} tried them) and that an index begins with ({@link ForeignKeyFit}); then
     * records {@code table} as made, for the operations after it. A table made by a {@code create_table} before
     * it in the migration, or the table itself, is taken as it is: the server checks those keys at the
     * expand. Each of these used to fail at the expand, after the operations before it ran theirs.
     */
    static Step foreignKeysFit(String where, String table, List<CreateTable.Reference> references) {
        return Steps.of(where + ": its foreign keys fit what they reference", (context, resumed) -> {
            SchemaModel model = SchemaModel.of(context);
            for (CreateTable.Reference reference : references) {
                String parent = reference.table();
                if (parent.equalsIgnoreCase(table) || model.created(parent)) {
                    continue;
                }
                if (!model.tableExists(parent)) {
                    throw SchemaRefusal.referencedTableMissing(where, table, parent);
                }
                if (reference.from().size() != reference.columns().size()) {
                    throw SchemaRefusal.foreignKeyWidth(where, table, reference.from(), parent, reference.columns());
                }
                for (int i = 0; i < reference.columns().size(); i++) {
                    columnFits(where, table, reference.from().get(i), parent, reference.columns().get(i), model);
                }
                if (!ForeignKeyFit.referencedIndexed(model.indexes(parent), reference.columns())) {
                    throw SchemaRefusal.referencedNotIndexed(where, table, parent, reference.columns());
                }
            }
            model.create(table);
        });
    }

    /** A column of a new table's foreign key fits the column of {@code parent} it references. */
    private static void columnFits(String where, String table, String column, String parent, String parentColumn,
                                   SchemaModel model) throws SQLException {
        ColumnInfo referenced = model.liveColumns(parent).stream().filter(c -> c.isNamed(parentColumn)).findFirst()
                .orElseThrow(() -> SchemaRefusal.columnMissing(where, parent, parentColumn));
        Optional<List<ColumnInfo>> tried = model.triedColumns(table);
        if (tried.isEmpty()) {
            return; // its definitions could not be tried: the server checks the types at the expand
        }
        ColumnInfo own = tried.get().stream().filter(c -> c.isNamed(column)).findFirst()
                .orElseThrow(() -> SchemaRefusal.columnMissing(where, table, column));
        Optional<String> misfit = ForeignKeyFit.misfit(table, own, parent, referenced);
        if (misfit.isPresent()) {
            throw SchemaRefusal.foreignKeyMisfit(where, table, column, misfit.get());
        }
    }

    /**
     * The FULLTEXT and SPATIAL indexes, left out of the temporary table, name its {@code columns} (FULLTEXT
     * ones of text), under names none of its {@code indexes} nor another of them has.
     */
    private static void searchIndexesFit(String where, String table, List<CreateTable.SearchIndex> searchIndexes,
                                         List<ColumnInfo> columns, List<String> indexes) throws SchemaRefusal {
        Set<String> names = new HashSet<>();
        indexes.forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
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
