package dev.tandem;

import dev.tandem.spi.ComparisonRequest;
import dev.tandem.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Compares two databases — two servers, or two schemas on one — first their schema, then their rows, and
 * says exactly which rows differ and how (docs/compare.md). Reads only: it never writes either side.
 *
 * <pre>{@code
 * ComparisonReport report = DatabaseComparison.between(oldDb, newDb)
 *     .ignoreColumns("wp_options.autoload")
 *     .run();
 * }</pre>
 */
public final class DatabaseComparison {

    /** Rows whose differences a report lists per table, unless told otherwise; the counts are always whole. */
    public static final int DEFAULT_DIFFERENCES_SHOWN = 20;

    private final DataSource source;
    private final DataSource target;
    private final List<String> tables = new ArrayList<>();
    private final Map<String, String> tableMap = new LinkedHashMap<>();
    private final Set<String> ignoredColumns = new LinkedHashSet<>();
    private boolean afterCharsetConversion;
    private int differencesShown = DEFAULT_DIFFERENCES_SHOWN;
    private ComparisonListener listener = (table, rowsDone, rowsEstimate) -> { };
    private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();

    private DatabaseComparison(DataSource source, DataSource target) {
        this.source = source;
        this.target = target;
    }

    /** A comparison of {@code source} (the original) with {@code target} (the copy), each as its connection's schema. */
    public static DatabaseComparison between(DataSource source, DataSource target) {
        return new DatabaseComparison(source, target);
    }

    /** Compares only these tables of the source (default: every base table of the source's schema). */
    public DatabaseComparison tables(String... names) {
        tables.addAll(List.of(names));
        return this;
    }

    /** Compares the source's table {@code sourceTable} with the target's {@code targetTable}. */
    public DatabaseComparison map(String sourceTable, String targetTable) {
        tableMap.put(sourceTable, targetTable);
        return this;
    }

    /** Leaves these columns ({@code table.column}, the source's names) out of the comparison. */
    public DatabaseComparison ignoreColumns(String... tableDotColumns) {
        ignoredColumns.addAll(List.of(tableDotColumns));
        return this;
    }

    /**
     * Compares text as the target's column can hold it: after a charset conversion (e.g. latin1 →
     * utf8mb4) values equal in characters count as equal, and only real losses (a character the target's
     * charset cannot hold) show.
     */
    public DatabaseComparison afterCharsetConversion(boolean afterCharsetConversion) {
        this.afterCharsetConversion = afterCharsetConversion;
        return this;
    }

    /** How many differing rows a report lists per table (their counts are always complete). */
    public DatabaseComparison differencesShown(int rows) {
        this.differencesShown = rows;
        return this;
    }

    /** Hears the progress of each table, for a progress bar. */
    public DatabaseComparison listener(ComparisonListener listener) {
        this.listener = listener;
        return this;
    }

    public DatabaseComparison classLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
        return this;
    }

    /** Runs the comparison; a bad option, a missing table or a lost connection throws a {@link TandemException}. */
    public ComparisonReport run() {
        List<String> problems = new ArrayList<>();
        if (source == null || target == null) {
            problems.add("both a source and a target database are needed");
        }
        if (differencesShown < 0) {
            problems.add("differencesShown must not be negative, not " + differencesShown);
        }
        ignoredColumns.stream().filter(c -> c == null || c.indexOf('.') < 1 || c.endsWith("."))
                .forEach(c -> problems.add("ignoreColumns takes table.column, not '" + c + "'"));
        if (!problems.isEmpty()) {
            throw new TandemConfigurationException(problems);
        }
        ComparisonRequest request = new ComparisonRequest(source, target, List.copyOf(tables), Map.copyOf(tableMap),
                Set.copyOf(ignoredColumns), afterCharsetConversion, differencesShown, listener);
        return dialect().databaseComparer().compare(request);
    }

    private Dialect dialect() {
        try (Connection c = source.getConnection()) {
            for (Dialect candidate : ServiceLoader.load(Dialect.class, classLoader)) {
                if (candidate.supports(c.getMetaData())) {
                    return candidate;
                }
            }
            throw new TandemException("No Tandem dialect supports the source database "
                    + c.getMetaData().getDatabaseProductName() + "; add the Tandem dialect module for your database");
        } catch (SQLException e) {
            throw new TandemException("Cannot connect to the source database: " + e.getMessage(), e);
        }
    }
}
