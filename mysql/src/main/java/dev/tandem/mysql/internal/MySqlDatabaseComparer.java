package dev.tandem.mysql.internal;

import dev.tandem.ComparisonReport;
import dev.tandem.ComparisonReport.Method;
import dev.tandem.ComparisonReport.Table;
import dev.tandem.TandemException;
import dev.tandem.spi.ComparisonRequest;
import dev.tandem.spi.DatabaseComparer;
import dev.tandem.spi.Throttle;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares two MySQL or MariaDB databases (either flavor on either side), table by table: the schema
 * ({@link CompareSchema}), then the rows, in keyed chunks ({@link CompareChunks}) or, for a table without
 * a key, by a full scan ({@link CompareFullScan}). A keyed table's differing rows are looked at again
 * before they are reported ({@link CompareRecheck}), after a replica caught up with its source when the
 * target replicates from the source ({@link CompareConsistency}). Between its units of work it waits while
 * either server is busy, the target replica lags, or a signal of the user's says so ({@link CompareThrottle}).
 * It only reads: one connection per side for the whole comparison, and one helper thread that reads the
 * source while the caller reads the target.
 */
final class MySqlDatabaseComparer implements DatabaseComparer {

    /** The session character sets that read every character of a table whole ({@code binary}: its bytes as they are). */
    private static final Set<String> WHOLE_TEXT = Set.of("utf8mb4", "binary");
    private static final Logger LOG = LoggerFactory.getLogger(MySqlDatabaseComparer.class);
    /**
     * The sessions' time zone while they compare: UTC, which repeats no hour. A TIMESTAMP in a key travels as
     * text, read on one side and bound on the other; in a zone whose clocks go back, the repeated hour's two
     * instants read alike, and a row of one was taken for the other's.
     */
    private static final SessionVariables ZONE = SessionVariables.of("time_zone");
    private static final List<String> UTC = List.of("+00:00");

    @Override
    public ComparisonReport compare(ComparisonRequest request) {
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "tandem-compare-source");
            thread.setDaemon(true);
            return thread;
        });
        try (Connection source = request.source().getConnection(); Connection target = request.target().getConnection()) {
            List<String> sourceZone = ZONE.read(source);
            List<String> targetZone = ZONE.read(target);
            Jdbc.execute(source, ZONE.set(UTC));
            Jdbc.execute(target, ZONE.set(UTC));
            try {
                return compare(request, source, target, helper);
            } finally {
                giveBack(source, ZONE.set(sourceZone));
                giveBack(target, ZONE.set(targetZone));
            }
        } catch (SQLException e) {
            throw new TandemException("Comparing the databases failed: " + Jdbc.describe(e), e);
        } finally {
            helper.shutdownNow();
        }
    }

    private ComparisonReport compare(ComparisonRequest request, Connection source, Connection target, ExecutorService helper)
            throws SQLException {
        requireDatabase(source, "source");
        requireDatabase(target, "target");
        requireTwoDatabases(source, target);
        requireWholeText(source, "source");
        requireWholeText(target, "target");
        List<String> sourceTables = Jdbc.rows(source, CompareSql.BASE_TABLES).stream().map(r -> r.get(0)).toList();
        List<String> targetTables = Jdbc.rows(target, CompareSql.BASE_TABLES).stream().map(r -> r.get(0)).toList();
        List<String> missing = request.tables().stream().filter(t -> find(sourceTables, t).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new TandemException("The source database has no table " + String.join(", ", missing)
                    + "; name tables of the source (its tables: " + String.join(", ", sourceTables) + ")");
        }
        List<String> compared = request.tables().isEmpty() ? sourceTables
                : request.tables().stream().map(t -> find(sourceTables, t).orElseThrow()).toList();
        CompareConsistency consistency = CompareConsistency.of(source, target);
        Throttle throttle = CompareThrottle.of(request, consistency.targetReplicates());
        List<Table> tables = new ArrayList<>();
        List<String> targetsSeen = new ArrayList<>();
        for (String table : compared) {
            String targetName = targetName(request, table);
            // Found without case only where no other table of the source has that name as it is: with
            // lower_case_table_names=0 orders and Orders are two tables, and each must meet its own.
            Optional<String> inTarget = find(targetTables, targetName)
                    .filter(found -> found.equals(targetName) || !sourceTables.contains(found));
            inTarget.ifPresent(targetsSeen::add);
            tables.add(inTarget.isEmpty() ? oneSided(table, targetName, "only in the source: the target has no table " + targetName)
                    : new TableComparison(request, source, target, helper, consistency, throttle).compare(table, inTarget.get()));
        }
        if (request.tables().isEmpty()) {
            targetTables.stream().filter(t -> !targetsSeen.contains(t))
                    .forEach(t -> tables.add(oneSided(t, t, "only in the target: the source has no table " + t)));
        }
        return new ComparisonReport(consistency.sentence(), comparedSentences(request), tables);
    }

    /**
     * Refuses a side whose connection has no default database: it lists no table, and two such sides compared
     * "identical" over no table at all.
     */
    private static void requireDatabase(Connection c, String side) throws SQLException {
        if (Jdbc.rows(c, CompareSql.DATABASE).get(0).get(0) == null) {
            throw new TandemException("The " + side + "'s connection has no database selected, so it has no table to compare:"
                    + " name the database in its URL (jdbc:mysql://host:3306/shop)");
        }
    }

    /**
     * Refuses a side whose session sends or reads text in a character set that cannot hold every character (a URL's
     * {@code characterEncoding=latin1}): a key read so ('Łukasz' as '?ukasz') names no row when it is looked up
     * again, and the recheck of a row that differs found it on neither side, so the row read as equal.
     */
    private static void requireWholeText(Connection c, String side) throws SQLException {
        List<String> sent = Jdbc.rows(c, "SELECT @@character_set_client, @@character_set_results").get(0);
        for (String charset : sent) {
            if (charset != null && !WHOLE_TEXT.contains(charset.toLowerCase(Locale.ROOT))) {
                throw new TandemException("The " + side + "'s connection sends or reads text as " + charset + ", which cannot"
                        + " hold every character a table may: a key read so would name no row when looked up again. Give"
                        + " its URL characterEncoding=UTF-8");
            }
        }
    }

    /**
     * Refuses a target that is the source itself (a URL repeated, or a host name pointed at the new server after a
     * cut-over): it is "identical" whatever was lost. The same server is told by a named lock, which is the server's
     * and no session's: the target sees the one the source holds only where it is the same server. Two databases
     * of one server may be compared.
     */
    private static void requireTwoDatabases(Connection source, Connection target) throws SQLException {
        String lock = Identifiers.literal("tandem_compare_" + UUID.randomUUID());
        Jdbc.rows(source, "SELECT GET_LOCK(" + lock + ", 0)");
        try {
            boolean oneServer = Jdbc.rows(target, "SELECT IS_USED_LOCK(" + lock + ")").get(0).get(0) != null;
            String database = Jdbc.rows(source, CompareSql.DATABASE).get(0).get(0);
            if (oneServer && database.equals(Jdbc.rows(target, CompareSql.DATABASE).get(0).get(0))) {
                throw new TandemException("The source and the target are one database (" + database + " on one server), which"
                        + " is identical to itself whatever was lost: point the target's URL at the other server");
            }
        } finally {
            Jdbc.rows(source, "SELECT RELEASE_LOCK(" + lock + ")");
        }
    }

    /**
     * Gives a connection its own session setting back before it returns to the caller's pool; one that broke
     * during the comparison (whose failure is what the caller hears of) goes back broken, and its pool drops it.
     */
    private static void giveBack(Connection c, String setting) {
        try {
            Jdbc.execute(c, setting);
        } catch (SQLException e) {
            LOG.debug("Could not give the connection its time zone back ({}): it is broken, and its pool drops it", e.getMessage());
        }
    }

    private static String targetName(ComparisonRequest request, String table) {
        return request.tableMap().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(table))
                .map(Map.Entry::getValue).findFirst().orElse(table);
    }

    /** A table name as the server lists it, found without case (as with lower_case_table_names). */
    private static Optional<String> find(List<String> tables, String name) {
        return tables.stream().filter(t -> t.equals(name)).findFirst()
                .or(() -> tables.stream().filter(t -> t.equalsIgnoreCase(name)).findFirst());
    }

    private static Table oneSided(String source, String target, String note) {
        return new Table(source, target, Method.NOT_COMPARED, 0, 0, List.of(), 0, 0, 0, List.of(), List.of(note));
    }

    /** What "equal" meant in this comparison, one sentence per option. */
    static List<String> comparedSentences(ComparisonRequest request) {
        List<String> sentences = new ArrayList<>();
        sentences.add("values compared byte for byte as stored (text in its column's character set, NULL apart from ''"
                + " and 'NULL', trailing spaces kept); FLOAT and DOUBLE as the text of the stored value; TIMESTAMP as an"
                + " instant (shown in UTC); DECIMALs of different scales at the larger scale");
        if (request.afterCharsetConversion()) {
            sentences.add("text compared after conversion to " + CompareSql.COMMON_CHARSET + " on both sides: equal characters"
                    + " are equal whatever the character set; a character the target could not hold shows as a change");
        }
        if (!request.ignoredColumns().isEmpty()) {
            sentences.add("columns ignored: " + request.ignoredColumns().stream().sorted().collect(Collectors.joining(", ")));
        }
        request.tableMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sentences.add("table " + e.getKey() + " of the source compared with " + e.getValue() + " of the target"));
        return sentences;
    }

    /** The comparison of one table: its schema, the key or scan, the rows. */
    private record TableComparison(ComparisonRequest request, Connection source, Connection target, ExecutorService helper,
                                   CompareConsistency consistency, Throttle throttle) {

        /**
         * The source's key if the target's rows can be walked by it too, else empty, with a note saying why: the
         * target holds it unique over NOT NULL columns of the same types, and sorts its text columns by the same
         * collations.
         */
        private static Optional<BackfillKey> walkable(Optional<BackfillKey> sourceKey, CompareSchema.Side s,
                                                      CompareSchema.Side t, List<String> notes) {
            if (sourceKey.isEmpty()) {
                return sourceKey;
            }
            BackfillKey key = sourceKey.get();
            if (!CompareKey.heldUniqueBy(key, t.indexes())) {
                notes.add("the target holds no unique key over " + String.join(", ", key.columns())
                        + " (NOT NULL), the source's: its rows are not walked by it");
                return Optional.empty();
            }
            List<String> typedOtherwise = CompareKey.typedOtherwise(key, s.columns(), t.columns());
            if (!typedOtherwise.isEmpty()) {
                notes.add("the key's columns " + String.join(", ", typedOtherwise) + " are of other types on the two sides,"
                        + " so a key read on one side would not name the same row on the other: its rows are not walked by it");
                return Optional.empty();
            }
            List<String> sortedOtherwise = CompareKey.sortedOtherwise(key, s.columns(), t.columns());
            if (!sortedOtherwise.isEmpty()) {
                notes.add("the key's columns " + String.join(", ", sortedOtherwise) + " sort by other collations on the two"
                        + " sides, so chunks bounded by it would not hold the same rows: its rows are not walked by it");
                return Optional.empty();
            }
            return sourceKey;
        }

        Table compare(String sourceTable, String targetTable) throws SQLException {
            CompareSchema.Side s = CompareSchema.Side.read(new SchemaInspector(source), sourceTable, Jdbc.isMariaDb(source));
            CompareSchema.Side t = CompareSchema.Side.read(new SchemaInspector(target), targetTable, Jdbc.isMariaDb(target));
            Set<String> ignored = ignored(sourceTable);
            CompareSchema.Found schema = CompareSchema.differences(s, t, ignored, request.afterCharsetConversion());
            List<String> notes = new ArrayList<>(schema.notes());
            if (new SchemaInspector(source).storage(sourceTable).map(TableStorage::versioned).orElse(false)) {
                notes.add("system-versioned: its current rows compared, not their history");
            }
            Optional<BackfillKey> sourceKey = CompareKey.of(s.indexes(), s.columns(), t.columns());
            Optional<BackfillKey> key = walkable(sourceKey, s, t, notes);
            // A key column is hashed even when ignored: rows are matched by it, and a row's hash must hold its key.
            List<ColumnInfo> columns = s.columns().stream().filter(c -> t.column(c.name()).isPresent())
                    .filter(c -> !ignored.contains(c.name().toLowerCase(Locale.ROOT))
                            || key.map(k -> k.columns().stream().anyMatch(c::isNamed)).orElse(false)).toList();
            List<CompareSql.Value> values = columns.stream()
                    .map(c -> CompareSql.value(c, t.column(c.name()).orElseThrow(), request.afterCharsetConversion())).toList();
            CompareBothSides sides = new CompareBothSides(
                    new CompareSide(source, Identifiers.quote(sourceTable), values.stream().map(CompareSql.Value::source).toList(),
                            values.stream().map(CompareSql.Value::shownSource).toList(),
                            CompareRowBytes.of(values, CompareSql.Value::source)),
                    new CompareSide(target, Identifiers.quote(targetTable), values.stream().map(CompareSql.Value::target).toList(),
                            values.stream().map(CompareSql.Value::shownTarget).toList(),
                            CompareRowBytes.of(values, CompareSql.Value::target)), helper, throttle);
            List<String> names = values.stream().map(CompareSql.Value::column).toList();
            CompareFindings findings = new CompareFindings(request.differencesShown());
            long estimate = new SchemaInspector(source).estimatedRows(sourceTable);
            LongConsumer progress = done -> request.listener().progress(sourceTable, done, estimate);
            Method method;
            if (key.isPresent()) {
                method = Method.KEYED_CHUNKS;
                notes.addAll(compareKeyed(sides, key.get(), names, findings, progress, estimate));
            } else if (estimate > CompareFullScan.MAX_ROWS) {
                notes.add("not compared: no primary key or unique key over NOT NULL columns to walk in chunks, and about "
                        + estimate + " rows, more than the " + CompareFullScan.MAX_ROWS + " a full scan sorts; add a key");
                return new Table(sourceTable, targetTable, Method.NOT_COMPARED, 0, 0, schema.differences(), 0, 0, 0,
                        List.of(), notes);
            } else {
                method = Method.FULL_SCAN;
                notes.add("no primary key or unique key over NOT NULL columns (that the target has too): compared by a"
                        + " full scan of both sides ordered by row hash; rows are known by their values, so a changed row"
                        + " shows as missing on both sides; compared in one pass, not re-checked: rows written during the"
                        + " comparison may show");
                new CompareFullScan(sides, names, findings).compare(progress);
            }
            LOG.info("Compared {} with {}: {} and {} rows, {} missing in the target, {} missing in the source, {} changed,"
                            + " {} unsettled, {} schema differences", sourceTable, targetTable, findings.sourceRows(),
                    findings.targetRows(), findings.missingInTarget(), findings.missingInSource(), findings.changed(),
                    findings.unsettled(), schema.differences().size());
            return new Table(sourceTable, targetTable, method, findings.sourceRows(), findings.targetRows(),
                    schema.differences(), findings.missingInTarget(), findings.missingInSource(), findings.changed(),
                    findings.rows(), notes, findings.unsettled());
        }

        /** Walks a keyed table's chunks, re-checks the rows that differed, reports those that persist; returns notes. */
        private List<String> compareKeyed(CompareBothSides sides, BackfillKey key, List<String> names, CompareFindings findings,
                                          LongConsumer progress, long estimatedRows) throws SQLException {
            CompareChunks chunks = new CompareChunks(sides, key, names, findings);
            chunks.compare(progress, estimatedRows);
            CompareRecheck.Outcome outcome = new CompareRecheck(sides, key, consistency)
                    .recheck(chunks.suspects());
            chunks.report(outcome.persisting());
            LOG.debug("Re-checked {} differing rows of {} in {} round(s): {} persist, {} unsettled", chunks.suspects().size(),
                    sides.source().table(), outcome.rounds(), outcome.persisting().size(), outcome.unsettled());
            List<String> notes = new ArrayList<>();
            if (chunks.unchecked() > 0) {
                notes.add("more than " + CompareRecheck.MAX_KEYS + " rows differed: the first " + CompareRecheck.MAX_KEYS
                        + " were re-checked, the other " + chunks.unchecked() + " are counted as the first pass found them"
                        + " (rows written during the comparison may be among them)");
            }
            findings.unsettled(outcome.unsettled());
            if (outcome.unsettled() > 0) {
                notes.add(outcome.unsettled() + " row(s) differed but were written during every re-check" + (consistency.targetReplicates()
                        ? " and whenever a shared lock on the source was tried" : "") + ", so are neither shown equal nor"
                        + " different: the tables are not shown identical; compare again when writes to them are quieter");
            }
            return notes;
        }

        /** The ignored columns of {@code table}, lower case. */
        private Set<String> ignored(String table) {
            String prefix = table.toLowerCase(Locale.ROOT) + ".";
            return request.ignoredColumns().stream().map(c -> c.toLowerCase(Locale.ROOT)).filter(c -> c.startsWith(prefix))
                    .map(c -> c.substring(prefix.length())).collect(Collectors.toSet());
        }
    }
}
