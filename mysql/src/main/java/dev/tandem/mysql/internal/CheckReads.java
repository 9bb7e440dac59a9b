package dev.tandem.mysql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a contract that takes a column away does to the table's CHECK constraints that read it, as both servers
 * do it (measured, MySQL 8.0.31 and MariaDB 11.4.5): dropping the column drops a CHECK over it alone without a
 * word, and is refused where a CHECK reads other columns too ("Check constraint ... uses column", MySQL; "Unknown
 * column ... in 'CHECK'", MariaDB); renaming it is refused by MySQL whatever the CHECK, where MariaDB rewrites the
 * CHECK with the new name. A CHECK dropped so is not added back online: adding one copies the table.
 */
final class CheckReads {

    /** A name as both servers write it in a CHECK's clause: backquoted, backquotes doubled inside. */
    private static final Pattern QUOTED_NAME = Pattern.compile("`((?:[^`]|``)+)`");

    /** How a contract takes the column away. */
    enum Change {
        /** drop_column: the column is dropped. */
        DROPPED,
        /** alter_column: the column is dropped and its shadow renamed to its name. */
        REPLACED,
        /** rename_column: the column is renamed (where the server can) or dropped beside its new copy. */
        RENAMED
    }

    /** A CHECK constraint of a table: its name and its clause as the server keeps it. */
    record Check(String name, String clause) {

        /** The columns the clause names (every name in it is quoted), in lower case. */
        List<String> columns() {
            List<String> columns = new ArrayList<>();
            Matcher m = QUOTED_NAME.matcher(clause);
            while (m.find()) {
                columns.add(m.group(1).replace("``", "`").toLowerCase(Locale.ROOT));
            }
            return columns;
        }
    }

    private CheckReads() {
    }

    /**
     * The {@code checks} that {@code change} of {@code column} cannot keep: the contract would fail on them,
     * or drop them where the column stays in another shape (an alter_column), the rule no longer enforced. A
     * CHECK over a dropped column alone goes with it; one that a rename carries along (MariaDB,
     * {@code checksFollowRenames}) stays.
     */
    static List<Check> notKept(List<Check> checks, String column, Change change, boolean checksFollowRenames) {
        String name = column.toLowerCase(Locale.ROOT);
        return checks.stream().filter(check -> {
            List<String> read = check.columns();
            if (!read.contains(name)) {
                return false;
            }
            return switch (change) {
                case REPLACED -> true;
                case RENAMED -> !checksFollowRenames;
                case DROPPED -> read.stream().anyMatch(c -> !c.equals(name));
            };
        }).toList();
    }
}
