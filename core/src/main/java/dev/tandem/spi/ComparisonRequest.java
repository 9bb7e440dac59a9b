package dev.tandem.spi;

import dev.tandem.ComparisonListener;
import dev.tandem.ThrottleSignal;
import java.time.Duration;
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
 * @param throttleSignals    the user's signals, asked before each unit of work as the dialect's own are
 * @param maxThreadsRunning  the comparison waits while either server runs more threads than this
 * @param maxReplicaLag      when the target replicates from the source, the comparison waits while it lags more
 */
public record ComparisonRequest(DataSource source, DataSource target, List<String> tables, Map<String, String> tableMap,
                                Set<String> ignoredColumns, boolean afterCharsetConversion, int differencesShown,
                                ComparisonListener listener, List<ThrottleSignal> throttleSignals, int maxThreadsRunning,
                                Duration maxReplicaLag) {
}
