package dev.tandem.mysql.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * An operation that cannot be applied to the schema as it is: the table is missing, the column
 * exists, no key to backfill by, ... Thrown by checks (the migration is then refused before its expand,
 * the engine adding "Nothing was changed") and by the few steps that check again as they run. It is an
 * {@link SQLException} because steps throw those, and the engine treats both alike.
 *
 * <p>The message is the whole story for the reader ({@code where: what is wrong. the fix}); the fields
 * let code tell refusals apart without parsing it.
 */
final class SchemaRefusal extends SQLException {

    /** What is in the way. */
    enum Kind {
        TABLE_MISSING, TABLE_EXISTS, COLUMN_MISSING, COLUMN_EXISTS, INDEX_MISSING, INDEX_EXISTS,
        /** A foreign key's or a CHECK's name another of the schema has, where those share one namespace. */
        CONSTRAINT_EXISTS,
        /** An {@code up}/{@code down}/{@code check} expression the server does not compile over the table. */
        EXPRESSION_INVALID,
        /** A type, nullability or default the server refuses under the session's sql_mode. */
        DEFINITION_NOT_ACCEPTED,
        /** A trigger expression reads the AUTO_INCREMENT column, which is 0 in a BEFORE INSERT trigger. */
        READS_AUTO_INCREMENT,
        /**
         * A trigger expression's subquery names, unqualified, a column of the table and of a table it reads:
         * the backfill reads the latter's, the sync triggers (whose variables come first) the row's.
         */
        SUBQUERY_NAME_AMBIGUOUS,
        IN_FOREIGN_KEY, IN_PRIMARY_KEY,
        /** The table is partitioned by an expression that reads the column, which neither server drops or renames. */
        IN_PARTITIONING,
        /** A CHECK constraint reads the column, and the contract would drop it or fail on it. */
        IN_CHECK,
        /** A trigger of the table reads the row's column, and would fail every write once the contract drops it. */
        IN_TRIGGER,
        /**
         * Another migration, not contracted yet, syncs the column (two in flight on one column lose writes), or
         * reads the table its contract would drop or rename.
         */
        SYNCED_BY_ANOTHER_MIGRATION,
        /** An earlier operation of the migration syncs the column too: their contracts would change it one after the other. */
        SYNCED_IN_MIGRATION,
        /** set_not_null after an operation of its migration whose triggers read the column: they fire before its fill. */
        FILLED_AFTER_READ,
        /** A generated column is computed from the column, which could then be neither dropped nor renamed. */
        GENERATED_COLUMN_READS,
        /** No primary key and no unique key over NOT NULL columns (FLOAT and DOUBLE ones aside): no chunked backfill. */
        NO_BACKFILL_KEY,
        /** The index is InnoDB's clustered key (no primary key), which cannot be hidden or dropped online. */
        CLUSTERED_KEY,
        /** alter_column of a NOT NULL column without 'nullable' said. */
        NULLABILITY_UNSAID,
        /** The server would make the change only by copying the table or blocking writes. */
        NOT_IN_PLACE,
        /** NOT NULL asked, but rows or old writers may give NULL. */
        NULLS_REMAIN,
        /**
         * alter_column's type would change what the column has without saying so: a text column's collation
         * (to the table's default), its ON UPDATE CURRENT_TIMESTAMP or its default (dropped).
         */
        DEFINITION_UNSAID,
        /** Two alter_columns of one migration would each copy one index for their shadow columns. */
        INDEX_COPIED_TWICE,
        /**
         * An index made on rename_column's new column since the expand that its contract cannot make again over the
         * column that takes the name (it holds both, or cannot be made from its columns alone), or a foreign key.
         */
        INDEX_NOT_CARRIED,
        /** The new type cannot hold every value old code writes or the rows hold. */
        VALUES_DO_NOT_FIT,
        /** drop_column without 'down' of a NOT NULL column without a default. */
        NEW_INSERTS_WOULD_FAIL,
        /** Rows with the same key, for a unique index. */
        DUPLICATE_KEYS,
        /** Rows referencing keys that do not exist, for a foreign key. */
        ORPHAN_ROWS,
        /** A foreign key's column and the one it references have different types. */
        TYPE_MISMATCH,
        /** Rows that violate a CHECK constraint. */
        ROWS_VIOLATE_CHECK,
        /** A CHECK reads a column an earlier operation of the migration adds, which its backfill fills after the CHECK exists. */
        CHECK_READS_ADDED_COLUMN,
        /** A name Tandem would give an object of its own, from the user's, would be longer than the server takes. */
        NAME_TOO_LONG,
        /** The operation asks for a copy of its table ({@code strategy: copy}), and something stands in the way. */
        COPY_IMPOSSIBLE
    }

    private static final String CHOOSE_ANOTHER_NAME = "choose another name";

    private final Kind kind;
    private final String where;
    private final String table;
    private final String column;
    private final String fix;

    /**
     * @param where   the operation, as {@link Where#text()} says it
     * @param column  the column in the way; null when it is not about one
     * @param fix     what the reader can do, as the message says it; null when the message says none
     * @param message the whole message, starting with {@code where}
     */
    SchemaRefusal(Kind kind, String where, String table, String column, String fix, String message) {
        super(message);
        this.kind = kind;
        this.where = where;
        this.table = table;
        this.column = column;
        this.fix = fix;
    }

    /** A refusal the server's own error led to: its SQL state and code come along. */
    SchemaRefusal(Kind kind, String where, String table, String column, String fix, String message, SQLException cause) {
        super(message, cause.getSQLState(), cause.getErrorCode(), cause);
        this.kind = kind;
        this.where = where;
        this.table = table;
        this.column = column;
        this.fix = fix;
    }

    static SchemaRefusal tableMissing(String where, String table) {
        String fix = "check the name; it must exist before this migration, created by an earlier one";
        return new SchemaRefusal(Kind.TABLE_MISSING, where, table, null, fix, where + ": there is no table " + table
                + " in this schema (" + fix + ")");
    }

    /** {@code table} names a view: Tandem's operations change tables (the server's error said "syntax" or "not BASE TABLE"). */
    static SchemaRefusal viewNotTable(String where, String table) {
        String fix = "name the table the view reads; where a rename_table made the view, its table keeps the old name"
                + " until that migration's contract, so contract it first, or use the old name";
        return new SchemaRefusal(Kind.TABLE_MISSING, where, table, null, fix, where + ": " + table + " is a view, not a table ("
                + fix + ")");
    }

    static SchemaRefusal referencedTableMissing(String where, String table, String parent) {
        String fix = "check the name; the table must exist before this migration, or be made by a create_table before"
                + " this one in it";
        return new SchemaRefusal(Kind.TABLE_MISSING, where, table, null, fix, where + ": a foreign key of " + table
                + " references the table " + parent + ", which is not in this schema (" + fix + ")");
    }

    static SchemaRefusal tableExists(String where, String table) {
        return new SchemaRefusal(Kind.TABLE_EXISTS, where, table, null, CHOOSE_ANOTHER_NAME, where + ": a table or view "
                + table + " already exists; " + CHOOSE_ANOTHER_NAME);
    }

    /** A foreign key whose column does not fit the one it references: {@code misfit} says how ({@link ForeignKeyFit}). */
    static SchemaRefusal foreignKeyMisfit(String where, String table, String column, String misfit) {
        String fix = "alter one first";
        return new SchemaRefusal(Kind.TYPE_MISMATCH, where, table, column, fix, where + ": " + misfit + " (" + fix + ")");
    }

    static SchemaRefusal indexNeededByForeignKey(String where, String table, String index, String key, List<String> columns) {
        String fix = "drop the foreign key first, or make another index that begins with " + columns + ", in an earlier"
                + " migration";
        return new SchemaRefusal(Kind.IN_FOREIGN_KEY, where, table, null, fix, where + ": the foreign key " + key + " needs"
                + " an index of " + table + " that begins with " + columns + ", and " + index + " is the only one: the"
                + " server would refuse to drop it at the contract (" + fix + ")");
    }

    static SchemaRefusal referencedByForeignKey(String where, String table, ForeignKeyInfo key) {
        String fix = "drop the foreign key (ALTER TABLE " + key.table() + " DROP FOREIGN KEY " + key.name() + ") in an"
                + " earlier migration, or drop " + key.table() + " before " + table + " in this one";
        return new SchemaRefusal(Kind.IN_FOREIGN_KEY, where, table, null, fix, where + ": the foreign key " + key.name()
                + " of " + key.table() + " references " + table + ", and the server would refuse to drop the table at the"
                + " contract (" + fix + ")");
    }

    static SchemaRefusal foreignKeyWidth(String where, String table, List<String> columns, String parent,
                                         List<String> referenced) {
        String fix = "name as many columns on both sides";
        return new SchemaRefusal(Kind.TYPE_MISMATCH, where, table, null, fix, where + ": a foreign key of " + table + " "
                + columns + " references " + parent + " " + referenced + ": " + columns.size() + " column(s) against "
                + referenced.size() + " (" + fix + ")");
    }

    static SchemaRefusal referencedNotIndexed(String where, String table, String parent, List<String> columns) {
        String fix = "reference its primary key or a unique key, or index those columns in an earlier migration";
        return new SchemaRefusal(Kind.INDEX_MISSING, where, table, null, fix, where + ": a foreign key of " + table
                + " references " + parent + " " + columns + ", but no index of " + parent + " begins with those columns,"
                + " which the server needs (" + fix + ")");
    }

    static SchemaRefusal nameTakenInMigration(String where, String table) {
        return new SchemaRefusal(Kind.TABLE_EXISTS, where, table, null, CHOOSE_ANOTHER_NAME, where + ": an earlier"
                + " operation of this migration already makes a table or view " + table + "; " + CHOOSE_ANOTHER_NAME);
    }

    static SchemaRefusal columnMissing(String where, String table, String column) {
        return new SchemaRefusal(Kind.COLUMN_MISSING, where, table, column, null, where + ": the table " + table
                + " has no column " + column);
    }

    /**
     * A column the operation needs as the table has it before the migration, where an earlier operation of the
     * migration adds it: its values come with that operation's backfill, after this operation's expand.
     */
    static SchemaRefusal columnAddedInMigration(String where, String table, String column) {
        String fix = "Change it in a later migration, once this one's backfill is done.";
        return new SchemaRefusal(Kind.COLUMN_MISSING, where, table, column, fix, where + ": " + table + "." + column
                + " is a column an earlier operation of this migration adds, not one the table has yet. " + fix);
    }

    static SchemaRefusal columnExists(String where, String table, String column) {
        return new SchemaRefusal(Kind.COLUMN_EXISTS, where, table, column, CHOOSE_ANOTHER_NAME, where + ": the table "
                + table + " already has a column " + column + "; " + CHOOSE_ANOTHER_NAME);
    }

    static SchemaRefusal indexMissing(String where, String table, String index) {
        return new SchemaRefusal(Kind.INDEX_MISSING, where, table, null, null, where + ": the table " + table
                + " has no index " + index);
    }

    static SchemaRefusal notFullTextIndexable(String where, String table, String column, String type) {
        return notIndexableAs("FULLTEXT", "CHAR, VARCHAR or TEXT columns", where, table, column, type);
    }

    static SchemaRefusal notSpatialIndexable(String where, String table, String column, String type) {
        return notIndexableAs("SPATIAL", "NOT NULL geometry columns", where, table, column, type);
    }

    /** An index of {@code kind} over a column of a {@code type} it cannot take: it {@code takes} others only. */
    private static SchemaRefusal notIndexableAs(String kind, String takes, String where, String table, String column,
                                                String type) {
        String fix = "index " + takes + " only";
        return new SchemaRefusal(Kind.DEFINITION_NOT_ACCEPTED, where, table, column, fix, where + ": a " + kind + " index of "
                + table + " covers " + column + ", which is " + type + " (" + fix + ")");
    }

    static SchemaRefusal indexExists(String where, String table, String index) {
        return new SchemaRefusal(Kind.INDEX_EXISTS, where, table, null, CHOOSE_ANOTHER_NAME, where + ": the table " + table
                + " already has an index " + index + "; " + CHOOSE_ANOTHER_NAME);
    }

    /** An index named like one an earlier operation of the migration makes on the table. */
    static SchemaRefusal indexMadeEarlier(String where, String table, String index) {
        return new SchemaRefusal(Kind.INDEX_EXISTS, where, table, null, CHOOSE_ANOTHER_NAME, where + ": an earlier operation"
                + " of this migration makes an index " + index + " on " + table + "; " + CHOOSE_ANOTHER_NAME);
    }

    /** A foreign key that needs an index of its own, named like it, where the table has an index of that name. */
    static SchemaRefusal foreignKeyIndexNameTaken(String where, String table, String name, List<String> columns) {
        String fix = "name the key otherwise, or make an index that begins with (" + String.join(", ", columns) + ") first";
        return new SchemaRefusal(Kind.INDEX_EXISTS, where, table, null, fix, where + ": no index of " + table + " begins with ("
                + String.join(", ", columns) + "), so the key needs one of its own, named " + name + " like the key, but "
                + table + " has an index of that name, or an earlier operation of this migration makes one; " + fix);
    }

    /**
     * A constraint ({@code kind}: "foreign key", "CHECK constraint") named like another of the schema
     * ({@code owner}'s), or like one an earlier operation of the migration adds (owner null), where the schema's
     * constraints of that kind share one namespace.
     */
    static SchemaRefusal constraintExists(String where, String table, String kind, String name, String owner) {
        return new SchemaRefusal(Kind.CONSTRAINT_EXISTS, where, table, null, CHOOSE_ANOTHER_NAME, where + ": "
                + (owner == null ? "an earlier operation of this migration adds a " + kind + " named " + name
                : "the table " + owner + " has a " + kind + " named " + name) + ", and a schema's " + kind + "s share one"
                + " namespace; " + CHOOSE_ANOTHER_NAME);
    }

    static SchemaRefusal expressionInvalid(String where, String table, String field, String expression, SQLException e) {
        return new SchemaRefusal(Kind.EXPRESSION_INVALID, where, table, null, null, where + ": '" + field + "' ("
                + expression + ") is not a valid expression over " + table + ": " + e.getMessage(), e);
    }

    static SchemaRefusal definitionNotAccepted(String where, String table, String definition, SQLException e) {
        return new SchemaRefusal(Kind.DEFINITION_NOT_ACCEPTED, where, table, null, null, where + ": the server does not"
                + " accept the column definition '" + definition + "': " + e.getMessage(), e);
    }

    /**
     * The errors with which the server refuses a table's definitions themselves, whatever the table: a syntax
     * error (1064), a duplicate column (1060) or index name (1061), an invalid default (1067, 1101), several
     * primary keys (1068), an index on a column not there (1072) or too long (1071, 1089, 1170), a column
     * length too big (1074), an AUTO_INCREMENT not in a key (1075), a wrong column name (1166), a row too
     * large (1118), an unknown column (1054), character set (1115) or collation (1273), a collation of
     * another character set (1253); on MariaDB, an unknown type (4161; MySQL says 1064).
     */
    static final Set<Integer> DEFINITION_ERRORS = Set.of(1054, 1060, 1061, 1064, 1067, 1068, 1071, 1072, 1074, 1075, 1089,
            1101, 1115, 1118, 1166, 1170, 1253, 1273, 4161);


    /**
     * The errors that say a CHECK constraint is wrong, as adding it to a table gives them: an unknown column
     * (1054); MariaDB's name another constraint of the table has (1826), and function, variable, subquery or
     * AUTO_INCREMENT column it may not use (1901); MySQL's disallowed function (3814), subquery (3815),
     * variable (3816), AUTO_INCREMENT column (3818), and name another constraint of the schema has (3822).
     */
    static final Set<Integer> CHECK_ERRORS = Set.of(1054, 1826, 1901, 3814, 3815, 3816, 3818, 3822);

    static SchemaRefusal indexDefinitionNotAccepted(String where, String table, SQLException e) {
        return notAcceptedOnACopy("index", where, table, e);
    }

    static SchemaRefusal checkNotAccepted(String where, String table, SQLException e) {
        return notAcceptedOnACopy("constraint", where, table, e);
    }

    /** The server's refusal of {@code what} ("index") on an empty copy of the table ({@link EmptyCopyTrial}). */
    private static SchemaRefusal notAcceptedOnACopy(String what, String where, String table, SQLException e) {
        String fix = "Correct the " + what + " in the script."; // the engine adds that nothing was changed
        return new SchemaRefusal(Kind.DEFINITION_NOT_ACCEPTED, where, table, null, fix, where + ": the server does not"
                + " accept the " + what + " on " + table + " (tried on an empty temporary copy of it): " + e.getMessage()
                + ". " + fix, e);
    }

    static SchemaRefusal tableDefinitionNotAccepted(String where, String table, SQLException e) {
        String fix = "Correct the definition in the script."; // the engine adds that nothing was changed
        return new SchemaRefusal(Kind.DEFINITION_NOT_ACCEPTED, where, table, null, fix, where + ": the server does not"
                + " accept the definitions of table " + table + " (tried on a temporary table): " + e.getMessage() + ". "
                + fix, e);
    }

    static SchemaRefusal readsAutoIncrement(String where, String table, String field, String autoIncrement) {
        String fix = "Derive the value from other columns.";
        return new SchemaRefusal(Kind.READS_AUTO_INCREMENT, where, table, autoIncrement, fix, where + ": '" + field
                + "' reads " + autoIncrement + ", an AUTO_INCREMENT column whose value is not assigned yet when the sync"
                + " trigger runs for an INSERT (it reads 0). " + fix);
    }

    static SchemaRefusal subqueryNameAmbiguous(String where, String table, String field, List<String> names,
                                               List<String> tables) {
        String fix = "Qualify them with their table (" + tables.get(0) + "." + names.get(0) + "); an unqualified name"
                + " that only " + table + " has reads the row being written, as it should.";
        return new SchemaRefusal(Kind.SUBQUERY_NAME_AMBIGUOUS, where, table, names.get(0), fix, where + ": in '" + field
                + "', the subquery names " + String.join(", ", names) + ", columns of " + table + " and of "
                + String.join(", ", tables) + ": the backfill would read those of " + String.join(", ", tables)
                + ", the sync triggers those of the " + table + " row being written (a trigger's variables come before"
                + " a subquery's columns). " + fix);
    }

    static SchemaRefusal autoIncrementCopied(String where, String table, String column) {
        String fix = "Keep its name, or rename it in one step (ALTER TABLE " + table + " RENAME COLUMN ...) in a plain SQL"
                + " migration deployed with the code that reads the new name.";
        return new SchemaRefusal(Kind.READS_AUTO_INCREMENT, where, table, column, fix, where + ": " + column + " of " + table
                + " is AUTO_INCREMENT, and an INSERT's sync trigger runs before the server assigns its value (it reads 0):"
                + " no trigger can keep a copy of it under another name. " + fix);
    }

    static SchemaRefusal changedByForeignKeyAction(String where, String table, String column, String key, String onUpdate,
                                                   String onDelete) {
        String fix = "Make the key's actions RESTRICT in an earlier migration, and give them back after this one's contract.";
        return new SchemaRefusal(Kind.IN_FOREIGN_KEY, where, table, column, fix, where + ": the foreign key " + key + " of "
                + table + " changes " + column + " by its own actions (ON UPDATE " + onUpdate + ", ON DELETE " + onDelete
                + "), which fire no trigger: the copy of " + column + " would keep its value of before. " + fix);
    }

    static SchemaRefusal inForeignKey(String where, String table, String column, ForeignKeyInfo key) {
        String fix = "Drop the key first (in an earlier migration), and add it back afterwards if it is still wanted.";
        return new SchemaRefusal(Kind.IN_FOREIGN_KEY, where, table, column, fix, where + ": " + column + " is part of the"
                + " foreign key " + key.name() + " (on " + key.table() + "), which the contract could not keep. " + fix);
    }

    /** CHECKs that read a column the contract takes away, which it would drop ({@code dropped}) or fail on. */
    static SchemaRefusal inCheck(String where, String table, String column, List<String> checks, boolean dropped) {
        String fix = "Drop " + (checks.size() == 1 ? "it" : "them") + " first, in a migration of its own (ALTER TABLE "
                + table + " DROP CONSTRAINT ...), and add " + (checks.size() == 1 ? "it" : "them") + " back after this"
                + " one's contract if still wanted (add_check).";
        return new SchemaRefusal(Kind.IN_CHECK, where, table, column, fix, where + ": the CHECK constraint"
                + (checks.size() == 1 ? " " : "s ") + String.join(", ", checks) + " of " + table + " read" + (checks.size() == 1
                ? "s " : " ") + column + ", and the contract " + (dropped ? "would drop " + (checks.size() == 1 ? "it" : "them")
                + " without a word, the rule no longer enforced (adding a CHECK again copies the table)"
                : "would fail on " + (checks.size() == 1 ? "it" : "them") + ", after the whole change") + ". " + fix);
    }

    static SchemaRefusal inPartitioning(String where, String table, String column, String expression) {
        String fix = "Partition the table by other columns first (or remove its partitioning), in a migration of its own.";
        return new SchemaRefusal(Kind.IN_PARTITIONING, where, table, column, fix, where + ": " + table + " is partitioned by "
                + expression + ", which reads " + column + ": the contract could not drop or rename it (\"Column '" + column
                + "' has a partitioning function dependency\"), after the whole change. " + fix);
    }

    static SchemaRefusal inPrimaryKey(String where, String table, String column) {
        String fix = "Change the key with a classic migration (a blocking ALTER TABLE) in a maintenance window, or build"
                + " a new table (create_table, copy, rename_table).";
        return new SchemaRefusal(Kind.IN_PRIMARY_KEY, where, table, column, fix, where + ": " + column + " is part of the"
                + " primary key of " + table + ", which alter_column cannot change online (the swap would drop the column"
                + " from the key). " + fix);
    }

    static SchemaRefusal generatedColumnReads(String where, String table, String column, ColumnInfo generated) {
        String fix = "Drop or redefine " + generated.name() + " first (in an earlier migration).";
        return new SchemaRefusal(Kind.GENERATED_COLUMN_READS, where, table, column, fix, where + ": the generated column "
                + generated.name() + " is computed from " + column + " (" + generated.generationExpression() + "), and"
                + " the contract could not drop or rename " + column + " under it. " + fix);
    }

    static SchemaRefusal noBackfillKey(String where, String table) {
        String fix = "Add a primary key first.";
        return new SchemaRefusal(Kind.NO_BACKFILL_KEY, where, table, null, fix, where + ": " + table + " has no primary"
                + " key and no unique key over NOT NULL columns (other than FLOAT or DOUBLE ones, whose values do not read"
                + " back exactly), so its rows cannot be backfilled in chunks. " + fix);
    }

    static SchemaRefusal columnsChangeOnlyBlocking(String where, String table, String column, List<String> fullText,
                                                   String change) {
        String them = fullText.size() == 1 ? "it" : "them";
        String fix = "Drop " + (fullText.size() == 1 ? "that index" : "those indexes") + " first (drop_index, in a migration"
                + " of its own, contracted before this one starts), and create " + them + " again after this one"
                + " (create_index with kind: fulltext and allow_blocking: true, at a quiet time); without " + them
                + " the server changes the columns online.";
        return new SchemaRefusal(Kind.NOT_IN_PLACE, where, table, column, fix, where + ": " + table + " has a FULLTEXT index ("
                + String.join(", ", fullText) + "), and neither MySQL nor MariaDB changes a column of such a table without"
                + " blocking its writes, so " + change + " would be refused. " + fix);
    }

    /** {@code choice}, a {@link BackfillChoice.Outcome#REFUSED} one, as a refusal. */
    static SchemaRefusal copyImpossible(String where, String table, BackfillChoice choice) {
        String fix = "Remove what is in the way (free disk space, if that is short), or say 'strategy: in_place'.";
        return new SchemaRefusal(Kind.COPY_IMPOSSIBLE, where, table, null, fix, where + ": " + choice.reason() + ". " + fix);
    }

    Kind kind() {
        return kind;
    }

    /** The operation refused, as {@link Where#text()} says it. */
    String where() {
        return where;
    }

    String table() {
        return table;
    }

    /** The column in the way; null when the refusal is not about one. */
    String column() {
        return column;
    }

    /** What the reader can do, as the message says it; null when the message names no fix. */
    String fix() {
        return fix;
    }
}
