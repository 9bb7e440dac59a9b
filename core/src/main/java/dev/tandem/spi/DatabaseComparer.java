package dev.tandem.spi;

import dev.tandem.ComparisonReport;

/** A dialect's comparison of two databases (see {@link dev.tandem.DatabaseComparison}); reads only. */
public interface DatabaseComparer {

    /** Compares as {@code request} says; a missing table or a lost connection throws a {@link dev.tandem.TandemException}. */
    ComparisonReport compare(ComparisonRequest request);
}
