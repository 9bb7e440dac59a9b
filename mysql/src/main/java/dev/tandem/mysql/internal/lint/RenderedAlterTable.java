package dev.tandem.mysql.internal.lint;

import dev.tandem.mysql.internal.lint.Classification.Kind;
import dev.tandem.mysql.internal.lint.Classification.Match;
import dev.tandem.mysql.internal.lint.SqlTokens.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ALTER TABLE as jOOQ renders it, where each change has one spelling: {@code ADD} and
 * {@code ADD COLUMN} are {@code add `c` <definition>}, {@code ADD UNIQUE KEY} is {@code add constraint
 * `k` unique (...)}, a column's inline {@code PRIMARY KEY} is an {@code add primary key} of its own,
 * names are quoted and keywords lower case. (jOOQ 3.19 gives ALTER TABLE no query object model to read
 * instead.)
 */
final class RenderedAlterTable {

    private RenderedAlterTable() {
    }

    /** @param redefinition whether the {@code add `c` <definition>} stands for a MODIFY or CHANGE of column c */
    static Classification classify(String rendered, boolean redefinition) {
        SqlTokens tokens = SqlTokens.of(rendered, false);
        int name = tokens.at(2, "if", "exists") ? 4 : 2;
        int end = tokens.afterName(name);
        if (!tokens.at(0, "alter", "table") || end == name) {
            return Classification.unknown("jOOQ renders it as '" + rendered + "'");
        }
        String table = tokens.name(name);
        List<Match> matches = new ArrayList<>();
        List<String> unclassified = new ArrayList<>();
        for (Span action : tokens.splitAtCommas(new Span(end, tokens.size()))) {
            if (!classify(tokens, action, table, redefinition, matches)) {
                unclassified.add("jOOQ reads it as '" + tokens.text(action) + "', for which the linter has no rule");
            }
        }
        return new Classification(Kind.DDL, matches, unclassified, null);
    }

    /** Adds the matches of one action; false when the action is none the linter knows. */
    private static boolean classify(SqlTokens tokens, Span action, String table, boolean redefinition,
                                    List<Match> matches) {
        int i = action.from();
        switch (tokens.word(i)) {
            case "ADD" -> {
                int what = tokens.at(i + 1, "constraint") ? i + 3 : i + 1;
                switch (tokens.word(what)) {
                    case "PRIMARY" -> matches.add(new Match(LintRule.PRIMARY_KEY_CHANGE, table, table));
                    case "UNIQUE" -> matches.add(new Match(LintRule.UNIQUE_ON_EXISTING_TABLE, table, table));
                    case "FOREIGN" -> matches.add(new Match(LintRule.ADD_FOREIGN_KEY, table, table));
                    case "CHECK" -> matches.add(new Match(LintRule.ADD_CHECK, table, table));
                    default -> {
                        int column = tokens.at(what, "if", "not", "exists") ? what + 3 : what;
                        return isName(tokens, column)
                                && column(tokens, new Span(column, action.to()), table, redefinition, matches);
                    }
                }
                return true;
            }
            case "DROP" -> {
                if (tokens.at(i + 1, "primary", "key")) {
                    matches.add(new Match(LintRule.PRIMARY_KEY_CHANGE, table, table));
                    return true;
                }
                int column = tokens.at(i + 1, "if", "exists") ? i + 3 : i + 1;
                if (isName(tokens, column)) {
                    matches.add(new Match(LintRule.DROP_COLUMN, column(table, tokens, column), table));
                    return true;
                }
                // Dropping a foreign key only lets more writes through; DROP CONSTRAINT may drop a
                // UNIQUE, an index that queries use, so it is left unclassified.
                return tokens.at(i + 1, "foreign", "key");
            }
            case "RENAME" -> {
                if (tokens.at(i + 1, "column")) {
                    matches.add(new Match(LintRule.RENAME_COLUMN, column(table, tokens, i + 2), table));
                } else if (tokens.at(i + 1, "to")) {
                    matches.add(new Match(LintRule.RENAME_TABLE, table + " to " + tokens.name(i + 2), table));
                } else {
                    return tokens.at(i + 1, "index"); // index names are not what app code reads
                }
                return true;
            }
            case "ALTER" -> {
                // SET DEFAULT / DROP DEFAULT change only what an INSERT that leaves the column out gets.
                return tokens.at(i + 1, "column") && tokens.indexOf(action, "default") >= 0;
            }
            default -> {
                return false;
            }
        }
    }

    /** {@code add `c` <definition>}, a new column or a redefined one: the NOT NULL, AUTO_INCREMENT and type rules. */
    private static boolean column(SqlTokens tokens, Span definition, String table, boolean redefinition,
                                  List<Match> matches) {
        String column = column(table, tokens, definition.from());
        boolean notNull = tokens.indexOf(definition, "not", "null") >= 0;
        boolean autoIncrement = tokens.indexOf(definition, "auto_increment") >= 0;
        if (autoIncrement) {
            matches.add(new Match(LintRule.AUTO_INCREMENT_COLUMN, table, table));
        }
        if (redefinition) {
            // The type is restated, changed or not: the linter has no schema to compare it with.
            matches.add(new Match(LintRule.ALTER_COLUMN_TYPE, column, table));
            if (notNull) {
                matches.add(new Match(LintRule.SET_NOT_NULL, column, table));
            }
        } else if (notNull && tokens.indexOf(definition, "default") < 0 && !autoIncrement) {
            matches.add(new Match(LintRule.ADD_NOT_NULL_WITHOUT_DEFAULT, column, table));
        }
        return true;
    }

    private static boolean isName(SqlTokens tokens, int i) {
        return i < tokens.size() && tokens.get(i).kind() == SqlTokens.Kind.QUOTED_NAME;
    }

    private static String column(String table, SqlTokens tokens, int i) {
        return table + "." + tokens.name(i);
    }
}
