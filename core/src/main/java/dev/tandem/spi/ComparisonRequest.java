package dev.tandem.spi;

import dev.tandem.ComparisonListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What to compare, as {@link dev.tandem.DatabaseComparison} checked it.
 *
 * @param tables             the source's tables to compare; empty for every base table of its schema
 * @param tableMap           source table → target table, where the names differ
 * @param ignoredColumns     {@code table.column} (the source's names) left out
 * @param afterCharsetConversion compare text as the target's column can hold it
 * @param differencesShown   differing rows listed per table (counts are always complete)
 */
public record ComparisonRequest(DataSource source, DataSource target, List<String> tables, Map<String, String> tableMap,
                                Set<String> ignoredColumns, boolean afterCharsetConversion, int differencesShown,
                                ComparisonListener listener) {
}
