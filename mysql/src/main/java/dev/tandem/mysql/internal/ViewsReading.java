package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The schema's views that read a table or a column a migration's contract drops: the server neither stops
 * the drop nor changes the view, which fails from then on ("references invalid table(s) or column(s)"), a
 * view of {@code SELECT *} too (its columns are fixed when it is made). Told before the expand, as a WARN
 * ({@link ContractDropWarning}): the view is the user's to redefine or drop, in a migration of its own.
 *
 * <p>Read from the definitions the server keeps ({@code information_schema.views}), in which both servers
 * write every name quoted: a view is named where its definition names the table and, for a column, the
 * column too (a column of that name of another table it joins counts as well: a WARN too many, not one too
 * few). A definition the account may not read (neither its definer nor holding {@code SHOW VIEW}) is empty, and
 * that view is not seen.
 */
final class ViewsReading {

    private static final String VIEWS = "SELECT table_name, view_definition FROM information_schema.views"
            + " WHERE table_schema = DATABASE() ORDER BY table_name";

    private ViewsReading() {
    }

    /** The names of the schema's views, read on {@code c}, whose definition names {@code table} and {@code column}. */
    static List<String> reading(Connection c, String table, String column) throws SQLException {
        return reading(Jdbc.rows(c, VIEWS), table, column);
    }

    /** The names of the {@code views} (name, definition) whose definition names {@code table} and {@code column}. */
    static List<String> reading(List<List<String>> views, String table, String column) {
        List<String> reading = new ArrayList<>();
        for (List<String> view : views) {
            String definition = view.get(1) == null ? "" : view.get(1).toLowerCase(Locale.ROOT);
            if (definition.contains(quoted(table)) && (column == null || definition.contains(quoted(column)))) {
                reading.add(view.get(0));
            }
        }
        return reading;
    }

    private static String quoted(String name) {
        return Identifiers.quote(name).toLowerCase(Locale.ROOT);
    }
}
