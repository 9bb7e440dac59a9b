package dev.tandem.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Session variables a step reads, sets for its work, and gives back: their values read in one statement,
 * and the {@code SET SESSION} statement that gives them values (read from this session before, or another's).
 *
 * @param names the variables, e.g. {@code sql_mode}
 */
record SessionVariables(List<String> names) {

    SessionVariables {
        names = List.copyOf(names);
    }

    static SessionVariables of(String... names) {
        return new SessionVariables(List.of(names));
    }

    /** The session's values of {@link #names}, in their order. */
    List<String> read(Connection c) throws SQLException {
        List<String> selected = new ArrayList<>();
        for (String name : names) {
            selected.add("@@session." + name);
        }
        return Jdbc.rows(c, "SELECT " + String.join(", ", selected)).get(0);
    }

    /** The statement that gives {@link #names} {@code values}, in their order. */
    String set(List<String> values) {
        if (values.size() != names.size()) {
            throw new IllegalArgumentException(names.size() + " variables " + names + ", " + values.size() + " values");
        }
        List<String> assignments = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            // A number as a number: the server takes no string for a numeric variable (div_precision_increment).
            String value = values.get(i);
            assignments.add(names.get(i) + " = " + (value != null && value.matches("\\d+") ? value : Identifiers.literal(value)));
        }
        return "SET SESSION " + String.join(", ", assignments);
    }
}
