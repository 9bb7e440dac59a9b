package dev.tandem.mysql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The statements of a copy-based backfill ({@link CopyExpand}): pure functions of the table, its copy, its
 * key and columns, and the column the backfill fills. The statements over one chunk hold the key's
 * {@link BackfillKey#range} to bind, with the chunk's lower bound (null for the first chunk).
 *
 * @param table      the table (its bare name)
 * @param copy       the copy's bare name
 * @param key        the table's primary key
 * @param columns    the columns a row is copied with: all but the generated ones (the copy computes those
 *                   itself; the servers refuse values for them), in the table's order
 * @param target     the column the backfill fills, one of {@code columns}
 * @param expression what the target gets
 * @param kind       {@link BackfillSql.Kind#SYNCED}: every row gets {@code expression};
 *                   {@link BackfillSql.Kind#SHARED} or {@link BackfillSql.Kind#OPTIONAL}: a value the table holds is
 *                   kept, NULLs get it
 * @param mismatch   the condition, over the copy's own columns, under which its target is wrong
 *                   ({@link BackfillSql#mismatch()} of the copy)
 */
record CopySql(String table, String copy, BackfillKey key, List<ColumnInfo> columns, String target, String expression,
               BackfillSql.Kind kind, String mismatch) {

    /** The alias of the table in a statement about the copy, and of the copy in one about the table. */
    private static final String OTHER = "`_tandem_other`";
    /** The carry triggers' local variable for the target they write into the copy. */
    private static final String KEPT = "`_tandem_kept`";
    /** The types whose values compare in a collation that may call different values equal: compared as bytes. */
    private static final Set<String> TEXT_TYPES = ColumnInfo.withSpatial("char", "varchar", "tinytext", "text", "mediumtext",
            "longtext", "json");
    /**
     * Every read of a chunk walks the primary key: an optimizer may prefer a smaller secondary index that
     * holds the key (to count, say), and a locking read of it would lock that whole index, and block every
     * insert (pt-online-schema-change and gh-ost force it too).
     */
    private static final String BY_KEY = " FORCE INDEX (PRIMARY)";
    /**
     * The line of table options after the columns, {@code ) ENGINE=... AUTO_INCREMENT=n ...}: its AUTO_INCREMENT
     * option, the text before it and the option itself (not in the table's COMMENT, which comes after).
     */
    private static final Pattern AUTO_INCREMENT = Pattern.compile("^(\\) (?:(?! COMMENT=).)*?) AUTO_INCREMENT=(\\d+)",
            Pattern.MULTILINE);

    CopySql {
        columns = List.copyOf(columns);
        if (kind == BackfillSql.Kind.NULLS) {
            throw new IllegalArgumentException("a copy rewrites every row; NULLs alone are filled in place");
        }
    }

    /** The copy: the table's columns, indexes, checks and options (not its triggers or foreign keys). */
    String createCopy() {
        return "CREATE TABLE " + q(copy) + " LIKE " + q(table);
    }

    /**
     * The trigger that deletes from the copy each row deleted from the table. A row the copy does not hold yet
     * (its chunk is still to come) is first put there, to be deleted at once: a {@code DELETE} that finds no row
     * locks the gap where it would be (the application's REPEATABLE READ), and two writers that both locked
     * one gap of the copy ahead of the chunks and then both insert into it (a {@code REPLACE} deletes, then
     * inserts) deadlock, failing one of the application's writes. An insert takes no gap lock, and the row it
     * makes is the writer's until it commits, deleted. (The chunk to come cannot copy the row meanwhile: it
     * reads the table's row under a lock the writer holds, and then finds it gone.)
     */
    String carryDelete(String name) {
        String firstKey = q(key.columns().get(0));
        return "CREATE TRIGGER " + q(name) + " AFTER DELETE ON " + q(table) + " FOR EACH ROW\n"
                + "BEGIN\n"
                + "  INSERT INTO " + q(copy) + " (" + columnList() + ") VALUES (" + columns.stream().map(c -> "OLD." + q(c.name()))
                .collect(Collectors.joining(", ")) + ") ON DUPLICATE KEY UPDATE " + firstKey + " = " + firstKey + ";\n"
                + "  DELETE FROM " + q(copy) + " WHERE " + keyIs("OLD") + ";\n"
                + "END";
    }

    /**
     * The trigger that writes each updated row into the copy, whole (there or not, it ends as the table's
     * row), after deleting the row under its old key when the update changed the key. For
     * a kind that keeps held values, a target the table does not hold (NULL: new code wrote the row without
     * it, and the table's own rows are never filled by a copy) keeps the value the copy holds, as a row filled
     * in place keeps its value when new code updates it: else the copy's computed value would be lost. But a
     * value the table held and the update cleared ({@code OLD} not NULL, {@code NEW} NULL) is cleared in the
     * copy too, as in place: else the copy would bring back a value new code had removed.
     */
    String carryUpdate(String name) {
        // A key that changes: the value is read from the old key's row (a locking read, which sees the copy's
        // latest row, not the writer's older read view of it) before that row is deleted.
        String keepsCopysValue = KEPT + " IS NULL AND OLD." + q(target) + " IS NULL";
        String keepAcrossKeys = kind.keepsHeldValues()
                ? "    IF " + keepsCopysValue + " THEN\n"
                + "      SELECT " + q(target) + " INTO " + KEPT + " FROM " + q(copy) + " WHERE " + keyIs("OLD") + " FOR UPDATE;\n"
                + "    END IF;\n" : "";
        return carry(name, "UPDATE", "  IF NOT (" + keyUnchanged() + ") THEN\n"
                + keepAcrossKeys
                + "    DELETE FROM " + q(copy) + " WHERE " + keyIs("OLD") + ";\n"
                + "  END IF;\n", keepsCopysValue);
    }

    /** The trigger that writes each inserted row into the copy, whole. */
    String carryInsert(String name) {
        return carry(name, "INSERT", "", KEPT + " IS NULL");
    }

    /**
     * An AFTER trigger that writes the row into the copy as the writer's transaction writes the table: both
     * commit, or neither. {@code REPLACE}; for a kind that keeps held values an insert that updates the
     * row there instead, keeping its target where the row brings none ({@link #KEPT}, which {@code before}
     * may have filled) while {@code keepsCopysValue} holds: the update reads the row it keeps under its own lock, where
     * a separate read of a row not copied yet would lock the gap before it and deadlock with the copy's inserts there.
     */
    private String carry(String name, String event, String before, String keepsCopysValue) {
        boolean shared = kind.keepsHeldValues();
        String values = " (" + columnList() + ") VALUES (" + columns.stream()
                .map(c -> !c.isNamed(target) ? "NEW." + q(c.name()) : shared ? KEPT : carriedTarget())
                .collect(Collectors.joining(", ")) + ")";
        String write = shared
                ? "  INSERT INTO " + q(copy) + values + " ON DUPLICATE KEY UPDATE " + columns.stream()
                .map(c -> q(copy) + "." + q(c.name()) + " = " + (c.isNamed(target)
                        ? "IF(" + keepsCopysValue + ", " + q(copy) + "." + q(target) + ", " + KEPT + ")" : "NEW." + q(c.name())))
                .collect(Collectors.joining(", ")) + ";\n"
                : "  REPLACE INTO " + q(copy) + values + ";\n";
        // No row in the copy leaves the variable as it was, silently.
        String declare = shared ? "  DECLARE " + KEPT + " " + targetColumn().declaration() + " DEFAULT NEW." + q(target)
                + ";\n  DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN END;\n" : "";
        String head = "CREATE TRIGGER " + q(name) + " AFTER " + event + " ON " + q(table) + " FOR EACH ROW\n";
        String body = declare + before + write;
        if (!(shared && targetColumn().isTimestamp())) {
            // Each column copied as it is, its bytes (the trigger's sql_mode lets MySQL copy them: SyncSession#carrying).
            return head + "BEGIN\n" + body + "END";
        }
        // A target held in a local variable and chosen by IF() goes through the writer's zone on MySQL, and in a
        // zone that repeats an hour its second instant came out as the first, an hour off. UTC repeats no hour.
        // The writer's zone is given back after, and on an error, but not on a deadlock or a lock wait timeout,
        // which no handler of a trigger sees: this case only switches zones (docs/backfill.md).
        return head + BackfillZone.inZone(BackfillZone.UTC, "  BEGIN\n" + body + "  END;\n", "");
    }

    /**
     * What a carry trigger of a {@link BackfillSql.Kind#SYNCED} kind writes into the copy's target: the column
     * the expression is, where it is one of the target's type (rename_column's), else the target as the table's
     * row holds it. The sync triggers keep the target equal to such a column, but rename_column's old writers'
     * trigger leaves it as it was where the column is NULL and stays so ({@link SyncTrigger.UnlessStaysNull}), and
     * the table's own target, which a copy never fills, holds the default it was added with: an update of another
     * column carried that default over the copy's NULL, after its chunk was verified, and the swap kept it. (Of
     * another type, the column is the source of a conversion, which the sync triggers make as the backfill does.)
     */
    private String carriedTarget() {
        String read = Identifiers.unquoted(expression);
        boolean alike = Identifiers.quote(read).equals(expression)
                && columns.stream().anyMatch(c -> c.isNamed(read) && held(c).equals(targetColumn()));
        return "NEW." + (alike ? expression : q(target));
    }

    /** The target as a trigger's local variable holds it. */
    private SyncTrigger.Column targetColumn() {
        return held(columns.stream().filter(c -> c.isNamed(target)).findFirst().orElseThrow());
    }

    /** {@code column} as a trigger's local variable holds it: its type, and for text its character set and collation. */
    private static SyncTrigger.Column held(ColumnInfo column) {
        Columns d = column.definition();
        return new SyncTrigger.Column(d.type(), d.characterSet(), d.collation());
    }

    /**
     * The chunk's rows into the copy, the target computed as they go. A row already there (a trigger
     * carried it, or a resumed run copied it) is left as it is: it is as new as the table's. Not INSERT
     * IGNORE, which would also turn a value the copy cannot hold into a silent truncation; a duplicate key
     * is the only error skipped. {@code LOCK IN SHARE MODE}: the rows are read as committed and locked until
     * the chunk commits, so no writer's change to them (carried by the triggers) can fall between the read
     * and the write, and no deleted row comes back. For a kind that keeps held values two statements: a
     * value the table holds kept as it is, NULLs filled (one {@code COALESCE} would bring the value to a
     * type both sides share, which may not hold it exactly); the first only when a row of the chunk holds a
     * value ({@code targetHeld}); and a row the triggers carried in with no target (new code wrote it
     * before its chunk was copied, leaving the column as the table holds it, NULL) gets the chunk's value,
     * as an update in place fills a NULL it comes to.
     */
    List<String> copyChunk(List<String> cursor, boolean targetHeld) {
        // A column that sets itself on every update (ON UPDATE CURRENT_TIMESTAMP) is set to what it holds: the
        // fill of a carried row's NULL would stamp it with the chunk's time, and the verification repair the row.
        String onDuplicate = kind.keepsHeldValues()
                ? q(copy) + "." + q(target) + " = IF(" + q(copy) + "." + q(target) + " IS NULL, VALUES(" + q(target) + "), "
                + q(copy) + "." + q(target) + ")" + columns.stream().filter(c -> c.isSelfUpdating() && !c.isNamed(target))
                .map(c -> ", " + q(copy) + "." + q(c.name()) + " = " + q(copy) + "." + q(c.name())).collect(Collectors.joining())
                : key.columns().stream().limit(1).map(k -> q(copy) + "." + q(k) + " = " + q(copy) + "." + q(k))
                .collect(Collectors.joining());
        return writes("INSERT INTO ", cursor, targetHeld, " ON DUPLICATE KEY UPDATE " + onDuplicate);
    }

    /**
     * Locks the chunk's rows (and the gaps between them) as the copy will read them, before the copy, and
     * counts those whose target holds a value: on a server that takes a table lock for the AUTO_INCREMENT
     * of an {@code INSERT ... SELECT} (MariaDB's default {@code innodb_autoinc_lock_mode=1}), the copy then
     * never waits for a writer's row while it holds that lock, which the writer's trigger may be waiting
     * for (a deadlock; see {@link CopyChunks#of}). Locked, the count holds until the chunk commits.
     */
    String lockChunk(List<String> cursor) {
        return "SELECT COUNT(" + q(target) + ") FROM " + q(table) + BY_KEY + " WHERE " + key.range(cursor)
                + " LOCK IN SHARE MODE";
    }

    /**
     * One row if any row of the table holds a value in the target: a consistent read, run once the carry
     * triggers exist, so a value it does not see came with a write they carried into the copy.
     */
    String targetHeld() {
        return "SELECT 1 FROM " + q(table) + " WHERE " + q(target) + " IS NOT NULL LIMIT 1";
    }

    /**
     * {@code write} run on MariaDB without waiting for a lock: a lock it would wait for fails it at once
     * ({@code innodb_lock_wait_timeout} 0 for this statement alone).
     */
    static String withoutLockWait(String write) {
        return "SET STATEMENT innodb_lock_wait_timeout = 0 FOR " + write;
    }

    /** The chunk's rows written into the copy again, whole, replacing what is there: the verification's repair. */
    List<String> recopyChunk(List<String> cursor, boolean targetHeld) {
        return writes("REPLACE INTO ", cursor, targetHeld, "");
    }

    /** @param targetHeld whether a row of the chunk holds a value in the target ({@link #lockChunk} counts them) */
    private List<String> writes(String verb, List<String> cursor, boolean targetHeld, String tail) {
        String into = verb + q(copy) + " (" + columnList() + ") SELECT ";
        String from = " FROM " + q(table) + BY_KEY + " WHERE " + key.range(cursor);
        if (kind == BackfillSql.Kind.SYNCED) {
            return List.of(into + selectList(true) + from + " LOCK IN SHARE MODE" + tail);
        }
        String fill = into + selectList(true) + from + " AND " + q(target) + " IS NULL LOCK IN SHARE MODE" + tail;
        return targetHeld ? List.of(into + selectList(false) + from + " AND " + q(target) + " IS NOT NULL LOCK IN SHARE MODE"
                + tail, fill) : List.of(fill);
    }

    /** The rows of the chunk the copy holds but the table no longer does: the verification's repair. */
    String deleteGone(List<String> cursor) {
        return "DELETE FROM " + q(copy) + " WHERE " + key.range(cursor) + " AND NOT EXISTS (SELECT 1 FROM " + q(table) + " "
                + OTHER + " WHERE " + keysMatch(OTHER, q(copy)) + ")";
    }

    /**
     * The rows of the table and of the copy, counted in one statement and so in one read view, where the
     * carry triggers keep the two equal at every commit.
     */
    String countBoth() {
        return "SELECT (SELECT COUNT(*) FROM " + q(table) + "), (SELECT COUNT(*) FROM " + q(copy) + ")";
    }

    /**
     * The chunk of the table, for the verification's first look: its rows, the XOR of their hashes (as a
     * comparison hashes them: {@link CompareRowBytes}, every copied column but the target), and how many
     * hold a value in the target. With {@code evaluatingExpression}, also the expression's values, for every
     * row the copy computes it for (where the table holds none, for a kind that keeps held values): a read,
     * so that a value the expression cannot make (text that is no number, say) raises its warning. Hashed, not
     * counted: the server counts a value that cannot be NULL without making it.
     */
    String checksumTable(List<String> cursor, boolean evaluatingExpression) {
        String made = kind.keepsHeldValues() ? "CASE WHEN " + q(target) + " IS NULL THEN (" + expression + ") END"
                : "(" + expression + ")";
        String evaluated = evaluatingExpression ? ", BIT_XOR(CRC32(" + made + "))" : "";
        return "SELECT COUNT(*), " + CompareSql.hashXor(rowBytes()) + ", COUNT(" + q(target) + ")" + evaluated + " FROM "
                + q(table) + BY_KEY + " WHERE " + key.range(cursor);
    }

    /** The chunk of the copy, alike: its rows, the XOR of their hashes, and how many whose target is wrong. */
    String checksumCopy(List<String> cursor) {
        return "SELECT COUNT(*), " + CompareSql.hashXor(rowBytes()) + ", COALESCE(SUM(CASE WHEN (" + mismatch
                + ") THEN 1 ELSE 0 END), 0) FROM " + q(copy) + BY_KEY + " WHERE " + key.range(cursor);
    }

    /**
     * The rows of the chunk whose target the table holds (a value the copy keeps) and the copy does not
     * hold alike: the rest of the first look, for a kind that keeps held values, where the table's own
     * triggers fill the target of every row an old writer touches during the copy.
     */
    String countHeldDiffer(List<String> cursor) {
        ColumnInfo column = columns.stream().filter(c -> c.isNamed(target)).findFirst().orElseThrow();
        return "SELECT COUNT(*) FROM " + q(table) + BY_KEY + " WHERE " + key.range(cursor) + " AND " + q(target)
                + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + q(copy) + " " + OTHER + " WHERE " + keysMatch(OTHER, q(table))
                + " AND " + equal(column, OTHER + "." + q(target), q(table) + "." + q(target)) + ")";
    }

    /** A row's bytes without the target, which the copy computes and the table may not hold yet. */
    private String rowBytes() {
        return CompareRowBytes.of(columns.stream().filter(c -> !c.isNamed(target)).map(c -> CompareSql.value(c, c, false))
                .toList(), CompareSql.Value::source);
    }

    /**
     * The rows of the chunk the copy holds wrong: a target the expression does not give, or a row the
     * table does not hold as the copy does (another value, or no such row). One statement, so one read view
     * sees both tables: the triggers write both in the writer's transaction, so they agree at every commit.
     */
    String countWrong(List<String> cursor) {
        return "SELECT COUNT(*) FROM " + q(copy) + BY_KEY + " WHERE " + key.range(cursor) + " AND (" + wrong() + ")";
    }

    /** As {@link #countWrong}, but for the NULLs new code may leave ({@link #wrongButNewCodesNulls}). */
    String countWrongButNewCodesNulls(List<String> cursor) {
        return "SELECT COUNT(*) FROM " + q(copy) + BY_KEY + " WHERE " + key.range(cursor) + " AND (" + wrongButNewCodesNulls()
                + ")";
    }

    /** The rows of the chunk the table holds and the copy does not. */
    String countMissing(List<String> cursor) {
        return "SELECT COUNT(*) FROM " + q(table) + BY_KEY + " WHERE " + key.range(cursor) + " AND " + missing();
    }

    /**
     * Up to {@code limit} keys (values joined by ", ") of the chunk's rows the copy holds wrong, after its repair:
     * but for the NULLs new code may leave ({@link #wrongButNewCodesNulls}).
     */
    String sampleWrong(List<String> cursor, int limit) {
        return "SELECT CONCAT_WS(', ', " + key.selected() + ") FROM " + q(copy) + BY_KEY + " WHERE " + key.range(cursor) + " AND ("
                + wrongButNewCodesNulls() + ") ORDER BY " + key.list() + " LIMIT " + limit;
    }

    /** Up to {@code limit} keys of the chunk's rows the copy does not hold. */
    String sampleMissing(List<String> cursor, int limit) {
        return "SELECT CONCAT_WS(', ', " + key.selected() + ") FROM " + q(table) + BY_KEY + " WHERE " + key.range(cursor)
                + " AND " + missing() + " ORDER BY " + key.list() + " LIMIT " + limit;
    }

    /** Gives the copy the table's next AUTO_INCREMENT value, so no value the table gave out is given again. */
    String setAutoIncrement(long next) {
        return "ALTER TABLE " + q(copy) + " AUTO_INCREMENT = " + next;
    }

    /** Both tables held for the swap, so nothing changes the table between its last check and the rename. */
    String lockBoth() {
        return "LOCK TABLES " + q(table) + " WRITE, " + q(copy) + " WRITE";
    }

    /** The swap: in one atomic statement the table takes the name {@code old} and the copy the table's. */
    String swap(String old) {
        return "RENAME TABLE " + q(table) + " TO " + q(old) + ", " + q(copy) + " TO " + q(table);
    }

    /**
     * The AUTO_INCREMENT the copy must be given before the swap, from both {@code SHOW CREATE TABLE} answers:
     * the table's next value where it is past the copy's (rows deleted, or inserts never committed, at the
     * table's end); empty where the copy's is there already, as the carry triggers keep it (each row they
     * write raises it) or where the table has none.
     */
    static OptionalLong autoIncrementToSet(String createTable, String createCopy) {
        OptionalLong table = nextAutoIncrement(createTable);
        OptionalLong copy = nextAutoIncrement(createCopy);
        return table.isPresent() && (copy.isEmpty() || copy.getAsLong() < table.getAsLong()) ? table : OptionalLong.empty();
    }

    /**
     * How the table's definition differs from its copy's, from both {@code SHOW CREATE TABLE} answers: the
     * lines of each the other does not have, said as {@code table: <line>} or {@code copy: <line>}; none while
     * the copy is the table's shape (their names and next AUTO_INCREMENT values aside), as {@code CREATE
     * TABLE ... LIKE} made it. Anything else is a change someone made to the table after the copy was made
     * (a column or an index added by hand), which a swap would silently undo.
     */
    static List<String> shapeDifferences(String createTable, String createCopy) {
        return shapeDifferences(createTable, "table", createCopy, "copy");
    }

    /** As above, each line said to be {@code firstName}'s or {@code secondName}'s. */
    static List<String> shapeDifferences(String first, String firstName, String second, String secondName) {
        List<String> firstLines = shapeLines(first);
        List<String> secondLines = shapeLines(second);
        List<String> differences = new ArrayList<>();
        firstLines.stream().filter(line -> !secondLines.contains(line)).forEach(line -> differences.add(firstName + ": " + line));
        secondLines.stream().filter(line -> !firstLines.contains(line)).forEach(line -> differences.add(secondName + ": " + line));
        return differences;
    }

    /** A definition's lines but the first (its name), trimmed of separators, its table options without AUTO_INCREMENT. */
    private static List<String> shapeLines(String create) {
        List<String> lines = new ArrayList<>();
        String[] all = create.split("\n");
        for (int i = 1; i < all.length; i++) {
            String line = all[i].strip();
            if (line.startsWith(") ")) {
                line = AUTO_INCREMENT.matcher(line).replaceFirst("$1");
            }
            lines.add(line.endsWith(",") ? line.substring(0, line.length() - 1) : line);
        }
        return lines;
    }

    /**
     * The next AUTO_INCREMENT value in a {@code SHOW CREATE TABLE} answer (the table option after the
     * columns), which both servers give from the table's live counter; empty when it shows none.
     */
    static OptionalLong nextAutoIncrement(String createTable) {
        Matcher m = AUTO_INCREMENT.matcher(createTable);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(2))) : OptionalLong.empty();
    }

    /** A row of the copy whose target is wrong ({@link #mismatch}), or that the table does not hold alike. */
    private String wrong() {
        return "(" + mismatch + ") OR " + differsFromTable();
    }

    /**
     * {@link #wrong}, but for {@link BackfillSql.Kind#OPTIONAL} a row whose target is NULL in the copy and in the
     * table alike is not: new code wrote it so, and its carry trigger brought the NULL along.
     */
    private String wrongButNewCodesNulls() {
        if (kind != BackfillSql.Kind.OPTIONAL) {
            return wrong();
        }
        return "(" + mismatch + ") AND NOT EXISTS (SELECT 1 FROM " + q(table) + " " + OTHER + " WHERE "
                + keysMatch(OTHER, q(copy)) + " AND " + OTHER + "." + q(target) + " IS NULL) OR " + differsFromTable();
    }

    /** A row of the copy that the table does not hold alike: another value, or no such row. */
    private String differsFromTable() {
        List<String> same = new ArrayList<>();
        for (ColumnInfo column : columns) {
            String other = OTHER + "." + q(column.name());
            String here = q(copy) + "." + q(column.name());
            if (key.columns().stream().anyMatch(column::isNamed) && !isText(column)) {
                continue; // matched already; a text key by its collation, which calls 'abc' and 'ABC' (or 'a ') one key
            }
            if (!column.isNamed(target)) {
                same.add(equal(column, other, here));
            } else if (kind.keepsHeldValues()) {
                // A value the table holds is the copy's; a NULL there is the copy's to fill.
                same.add("(" + other + " IS NULL OR " + equal(column, other, here) + ")");
            }
        }
        return "NOT EXISTS (SELECT 1 FROM " + q(table) + " " + OTHER + " WHERE " + keysMatch(OTHER, q(copy)) + " AND "
                + String.join(" AND ", same) + ")";
    }

    private String missing() {
        return "NOT EXISTS (SELECT 1 FROM " + q(copy) + " " + OTHER + " WHERE " + keysMatch(OTHER, q(table)) + ")";
    }

    /** The same value on both sides: NULL-safe, and as bytes where a collation could call two values equal. */
    private static String equal(ColumnInfo column, String a, String b) {
        return isText(column) ? "CAST(" + a + " AS BINARY) <=> CAST(" + b + " AS BINARY)" : a + " <=> " + b;
    }

    private static boolean isText(ColumnInfo column) {
        return TEXT_TYPES.contains(column.dataType().toLowerCase(Locale.ROOT));
    }

    private String keysMatch(String a, String b) {
        return key.columns().stream().map(k -> a + "." + q(k) + " = " + b + "." + q(k)).collect(Collectors.joining(" AND "));
    }

    private String keyIs(String row) {
        return key.columns().stream().map(k -> q(k) + " = " + row + "." + q(k)).collect(Collectors.joining(" AND "));
    }

    private String keyUnchanged() {
        return key.columns().stream().map(k -> "OLD." + q(k) + " <=> NEW." + q(k)).collect(Collectors.joining(" AND "));
    }

    private String columnList() {
        return columns.stream().map(c -> q(c.name())).collect(Collectors.joining(", "));
    }

    /** The columns as the copy gets them: the target computed ({@code compute}) or as the table holds it. */
    private String selectList(boolean compute) {
        return columns.stream().map(c -> compute && c.isNamed(target) ? "(" + expression + ")" : q(c.name()))
                .collect(Collectors.joining(", "));
    }

    private static String q(String name) {
        return Identifiers.quote(name);
    }
}
