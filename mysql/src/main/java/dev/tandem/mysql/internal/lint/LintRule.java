package dev.tandem.mysql.internal.lint;

import dev.tandem.LintFinding.Severity;
import dev.tandem.spi.LintRuleId;
import dev.tandem.spi.Phase;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The linter's rules. Ids are stable (scripts accept them by id): {@code TL1xx} are errors, {@code TL2xx}
 * warnings. Each rule applies in some phases only: destructive statements are what contract and
 * rollback are for, so the errors concern expand alone, while a table copy blocks writes in any phase.
 * The catalogue is documented in docs/lint.md; keep the two equal.
 */
public enum LintRule {

    DROP_COLUMN("TL101", "drop-column", Severity.ERROR, expand(),
            "drops column %s",
            "old app versions still select and write it, and fail as soon as it is gone",
            "drop_column (removes it at contract, once no running instance knows the old shape),"
                    + " or move the statement to the contract section"),
    RENAME_COLUMN("TL102", "rename-column", Severity.ERROR, expand(),
            "renames column %s",
            "old app versions still use the old name and fail at once",
            "rename_column (a synced copy under the new name, swapped in at contract)"),
    ALTER_COLUMN_TYPE("TL103", "alter-column-type", Severity.ERROR, expand(),
            "redefines column %s in place (MODIFY/CHANGE restate its type)",
            "old app versions may write values the new type rejects or truncates and read values they do not"
                    + " expect; a type change also copies the table",
            "alter_column (a shadow column of the new type, kept in sync and swapped in at contract)"),
    ADD_NOT_NULL_WITHOUT_DEFAULT("TL104", "add-not-null-without-default", Severity.ERROR, expand(),
            "adds NOT NULL column %s without a DEFAULT",
            "old app versions do not know the column, so their INSERTs leave it out and fail",
            "add_column with nullable: false and a default or up (NULL-able and INVISIBLE until contract),"
                    + " or give the column a DEFAULT"),
    SET_NOT_NULL("TL105", "set-not-null", Severity.ERROR, expand(),
            "makes column %s NOT NULL",
            "old app versions that write NULL into it fail, and the change itself fails on existing NULL rows",
            "set_not_null (fills NULLs through triggers and a backfill, sets NOT NULL at contract)"),
    DROP_TABLE("TL106", "drop-table", Severity.ERROR, expand(),
            "drops %s",
            "old app versions still read and write it",
            "drop_table (drops it at contract), or move the statement to the contract section"),
    RENAME_TABLE("TL107", "rename-table", Severity.ERROR, expand(),
            "renames table %s",
            "old app versions still use the old name and fail at once",
            "rename_table (a view under the new name until contract, then an atomic swap)"),
    TRUNCATE_TABLE("TL108", "truncate-table", Severity.ERROR, expand(),
            "empties table %s",
            "it deletes the rows that running app versions serve, and nothing brings them back",
            "delete the rows in batches in the backfill section if that is really meant, or drop_table an"
                    + " obsolete table"),
    DROP_INDEX("TL109", "drop-index", Severity.ERROR, expand(),
            "drops index %s",
            "queries of old app versions that use it turn into full scans and can overload the server",
            "drop_index (invisible/ignored at expand, dropped at contract; taking it back is instant)"),
    UNIQUE_ON_EXISTING_TABLE("TL110", "unique-on-existing-table", Severity.ERROR, expand(),
            "adds a unique index or constraint to existing table %s",
            "it fails halfway on duplicate rows, and old app versions that write duplicates start failing",
            "create_index with unique: true (checks the rows for duplicates before anything changes)"),
    TRANSACTION_CONTROL("TL111", "transaction-control", Severity.ERROR, everyPhase(),
            "controls a transaction (%s)",
            "each statement runs as a step of its own, committed and recorded before the next: a transaction over"
                    + " several is split, and a failure leaves the statements before it committed",
            "make each change one statement, or let each statement be safe alone and accept the rule saying so"),
    UNCLASSIFIED_IN_EXPAND("TL199", "unclassified-in-expand", Severity.ERROR, expand(),
            "cannot classify the statement: %s",
            "the linter cannot tell whether old app versions survive it",
            "use a Tandem operation, or accept the rule with the reason the statement is safe"),

    ALGORITHM_COPY("TL201", "algorithm-copy", Severity.WARNING, everyPhase(),
            "asks for ALGORITHM=COPY on %s",
            "the server copies the whole table and blocks writes until it is done",
            "leave ALGORITHM out: Tandem tries INSTANT, then INPLACE with LOCK=NONE, and refuses a copy"),
    BLOCKING_LOCK("TL202", "blocking-lock", Severity.WARNING, everyPhase(),
            "takes a blocking lock (%s)",
            "app writes wait while it runs (reads as well for EXCLUSIVE and LOCK TABLES ... WRITE)",
            "leave LOCK out: Tandem asks for LOCK=NONE; keep LOCK TABLES to a few instant statements"),
    FULLTEXT_SPATIAL_INDEX("TL203", "fulltext-spatial-index", Severity.WARNING, everyPhase(),
            "adds a FULLTEXT or SPATIAL index to %s",
            "the servers cannot build these with LOCK=NONE: writes wait for the whole build",
            "create_index with kind: fulltext or spatial and allow_blocking: true, at a quiet time"),
    PRIMARY_KEY_CHANGE("TL204", "primary-key-change", Severity.WARNING, everyPhase(),
            "changes the primary key of %s",
            "the table is rebuilt (dropping the key alone copies it), and row order and lookups by key change",
            "no operation does this online: accept it for a small table, or create_table a new one and"
                    + " rename_table"),
    ENGINE_CHANGE("TL205", "engine-change", Severity.WARNING, everyPhase(),
            "changes the storage engine of %s",
            "the table is rebuilt or copied, blocking writes for a copy",
            "no operation does this online: accept it for a small table, or plan it as maintenance"),
    STORED_GENERATED_COLUMN("TL206", "stored-generated-column", Severity.WARNING, everyPhase(),
            "adds or changes a STORED generated column on %s",
            "the server copies the table to compute it, blocking writes",
            "make it VIRTUAL (added instantly), or add_column with up (filled by a backfill)"),
    AUTO_INCREMENT_COLUMN("TL207", "auto-increment-column", Severity.WARNING, everyPhase(),
            "adds or makes an AUTO_INCREMENT column on %s",
            "the table is rebuilt or copied with writes blocked while its rows are numbered",
            "accept it for a small table, or add a plain column and fill it in a backfill"),
    ADD_FOREIGN_KEY("TL208", "add-foreign-key", Severity.WARNING, everyPhase(),
            "adds a foreign key to %s",
            "with foreign_key_checks on, the servers copy the table; old app versions that write rows without"
                    + " a parent start failing",
            "add_foreign_key (checks for orphans, adds it in place)"),
    ADD_CHECK("TL209", "add-check", Severity.WARNING, everyPhase(),
            "adds a CHECK constraint to %s",
            "both servers copy the table to add it, blocking writes; old app versions that write values it"
                    + " forbids start failing",
            "add_check (checks the rows first; needs allow_blocking: true)"),
    DATA_CHANGE_IN_DDL_SECTION("TL210", "data-change-in-ddl-section", Severity.WARNING,
            EnumSet.of(Phase.EXPAND, Phase.CONTRACT, Phase.ROLLBACK),
            "changes data in the %s section",
            "it runs as one unbatched statement between schema changes: long row locks on a big table, and"
                    + " no throttling or resume",
            "move it to the backfill section, or use an operation's up (filled by a batched backfill)"),
    DDL_IN_BACKFILL("TL211", "ddl-in-backfill", Severity.WARNING, EnumSet.of(Phase.BACKFILL),
            "changes the schema in the backfill section",
            "backfill is for rows; a schema change there runs after expand, outside the guarantees of expand"
                    + " and contract",
            "move it to the expand section (additive) or the contract section (destructive)"),
    UNCLASSIFIED("TL299", "unclassified", Severity.WARNING, EnumSet.of(Phase.BACKFILL, Phase.CONTRACT, Phase.ROLLBACK),
            "cannot classify the statement: %s",
            "the linter cannot check it for table copies or blocking locks",
            "accept the rule with the reason the statement is fine");

    private final String id;
    private final String ruleName;
    private final Severity severity;
    private final Set<Phase> phases;
    private final String what;
    private final String why;
    private final String fix;

    LintRule(String id, String ruleName, Severity severity, Set<Phase> phases, String what, String why, String fix) {
        this.id = id;
        this.ruleName = ruleName;
        this.severity = severity;
        this.phases = phases;
        this.what = what;
        this.why = why;
        this.fix = fix;
    }

    private static Set<Phase> expand() {
        return EnumSet.of(Phase.EXPAND);
    }

    private static Set<Phase> everyPhase() {
        return EnumSet.allOf(Phase.class);
    }

    /** The stable id, e.g. {@code TL101}. */
    public String id() {
        return id;
    }

    /** The kebab-case name, e.g. {@code drop-column}. */
    public String ruleName() {
        return ruleName;
    }

    public Severity severity() {
        return severity;
    }

    /** Whether the rule concerns statements of {@code phase}. */
    public boolean appliesIn(Phase phase) {
        return phases.contains(phase);
    }

    /** What a matching statement does, about {@code object} (a table, column, index or phase). */
    public String what(String object) {
        return String.format(Locale.ROOT, what, object);
    }

    /** Why that breaks or stalls running app versions. */
    public String why() {
        return why;
    }

    /** Which Tandem operation (or change to the script) does it safely. */
    public String fix() {
        return fix;
    }

    /** This rule as scripts name it to accept it. */
    public LintRuleId asId() {
        return new LintRuleId(id, ruleName);
    }

    /** Every rule as scripts name it, in order: the ids scripts may accept. */
    public static List<LintRuleId> catalogue() {
        return Arrays.stream(values()).map(LintRule::asId).toList();
    }

    /** The rule that reports a statement the linter cannot classify, in {@code phase}. */
    static LintRule unclassified(Phase phase) {
        return phase == Phase.EXPAND ? UNCLASSIFIED_IN_EXPAND : UNCLASSIFIED;
    }

    @Override
    public String toString() {
        return id + " " + ruleName;
    }
}
