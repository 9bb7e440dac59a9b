package dev.tandem.mysql.internal.lint;

import dev.tandem.mysql.internal.lint.Classification.Kind;
import dev.tandem.mysql.internal.lint.Classification.Match;
import dev.tandem.mysql.internal.lint.SqlTokens.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jooq.SQLDialect;

/**
 * Says what a MySQL/MariaDB statement does. Statements whose head says all the rules need are read
 * from their head (DML, CREATE TABLE, triggers and routines, whose bodies jOOQ's open-source parser
 * does not read, SET, LOCK TABLES); lists are cut into one statement per item (the clauses of an ALTER
 * TABLE, the tables of DROP TABLE and RENAME TABLE); what MySQL adds to the SQL jOOQ knows is taken
 * out by {@link MySqlExtras}; jOOQ's parser reads the rest ({@link JooqReader}).
 */
final class StatementClassifier {

    private static final Set<String> ROUTINES = Set.of("TRIGGER", "PROCEDURE", "FUNCTION", "EVENT");
    private static final Set<String> INDEX_HEADS = Set.of("UNIQUE", "FULLTEXT", "SPATIAL", "INDEX");
    private static final String EVENT_UNREAD = "an event runs its statement on its own schedule, which the linter does not read";

    private final boolean mariaDb;
    private final JooqReader jooq;

    StatementClassifier(SQLDialect dialect) {
        this.mariaDb = dialect.family() == SQLDialect.MARIADB;
        this.jooq = new JooqReader(dialect);
    }

    Classification classify(String sql) {
        SqlTokens tokens = SqlTokens.of(sql, mariaDb);
        return switch (tokens.word(0)) {
            // No leading keyword: only comments, or e.g. a parenthesised SELECT.
            case "" -> tokens.size() == 0 ? Classification.of(Kind.OTHER) : jooq.classify(sql);
            case "INSERT", "UPDATE", "DELETE", "REPLACE" -> Classification.of(Kind.DML);
            case "SET" -> set(tokens);
            case "START", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA" -> transactionControl(tokens, sql);
            case "UNLOCK" -> Classification.of(Kind.OTHER);
            case "LOCK" -> tokens.at(1, "TABLES") || tokens.at(1, "TABLE")
                    ? Classification.of(Kind.OTHER, new Match(LintRule.BLOCKING_LOCK, "LOCK TABLES", null))
                    : jooq.classify(sql);
            case "CREATE" -> create(tokens);
            case "ALTER" -> alter(tokens);
            case "DROP" -> drop(tokens);
            case "RENAME" -> tokens.at(1, "TABLE") || tokens.at(1, "TABLES") ? perItem(tokens, 2) : jooq.classify(sql);
            default -> jooq.classify(sql);
        };
    }

    /**
     * {@code START TRANSACTION}, {@code BEGIN [WORK]}, {@code COMMIT}, {@code ROLLBACK}, savepoints, XA: each
     * statement is a step committed before the next, so a transaction written over several is split. Not
     * MariaDB's compound {@code BEGIN NOT ATOMIC ... END}, nor another statement that begins with such a word.
     */
    private Classification transactionControl(SqlTokens tokens, String sql) {
        String head = tokens.word(0);
        boolean control = switch (head) {
            case "START" -> tokens.at(1, "TRANSACTION");
            case "BEGIN" -> tokens.size() == 1 || tokens.size() == 2 && tokens.at(1, "WORK");
            case "RELEASE" -> tokens.at(1, "SAVEPOINT");
            default -> true;
        };
        return control ? Classification.of(Kind.OTHER, new Match(LintRule.TRANSACTION_CONTROL, tokens.text(0), null))
                : jooq.classify(sql);
    }

    /**
     * SET of the session: nothing another session sees. Of the server ({@code GLOBAL}, {@code PERSIST},
     * {@code @@global.}) or of an account ({@code PASSWORD}, {@code DEFAULT ROLE}): old app versions' new
     * connections take it, or can no longer log in.
     */
    private static Classification set(SqlTokens tokens) {
        boolean server = tokens.at(1, "PASSWORD") || tokens.at(1, "DEFAULT", "ROLE");
        // Each assignment's target, not its value: SET time_zone = @@global.time_zone sets the session.
        for (Span assignment : tokens.splitAtCommas(new Span(1, tokens.size()))) {
            int target = assignment.from();
            server |= tokens.at(target, "GLOBAL") || tokens.at(target, "PERSIST") || tokens.at(target, "PERSIST_ONLY")
                    || tokens.text(assignment).strip().toLowerCase(Locale.ROOT).matches("@@(global|persist|persist_only)\\..*");
        }
        return server ? Classification.unknown("it sets the server or an account, for old app versions' sessions too")
                : Classification.of(Kind.OTHER);
    }

    /** CREATE: a table or routine by its head, a view or index through jOOQ. */
    private Classification create(SqlTokens tokens) {
        int i = afterModifiers(tokens, 1);
        boolean orReplace = tokens.at(1, "OR", "REPLACE");
        String object = tokens.word(i);
        if (object.equals("EVENT")) {
            return Classification.unknown(EVENT_UNREAD);
        }
        if (ROUTINES.contains(object) || tokens.at(i, "AGGREGATE", "FUNCTION")) {
            return Classification.of(Kind.DDL);
        }
        if (object.equals("TABLE") || tokens.at(i, "TEMPORARY", "TABLE")) {
            boolean temporary = !object.equals("TABLE");
            return createTable(tokens, temporary ? i + 2 : i + 1, orReplace, temporary);
        }
        if (INDEX_HEADS.contains(object)) {
            return index(tokens, object.equals("FULLTEXT") || object.equals("SPATIAL"));
        }
        if (object.equals("VIEW")) {
            // DEFINER, ALGORITHM and SQL SECURITY say how the view runs, not what it is; jOOQ does not read them.
            return jooq.classify("CREATE " + (orReplace ? "OR REPLACE " : "") + tokens.text(i));
        }
        return jooq.classify(tokens.text(0));
    }

    /**
     * A new table: later statements of the expand may change it freely. Not counted as new when it may
     * exist already ({@code IF NOT EXISTS}); MariaDB's {@code CREATE OR REPLACE} drops an existing one. Nor when
     * {@code temporary}: no table of the schema, it may hide one of its name for the rest of the session, and the
     * statements after it that change "the new table" change the real one on a resumed phase's new session.
     */
    private static Classification createTable(SqlTokens tokens, int i, boolean orReplace, boolean temporary) {
        boolean ifNotExists = tokens.at(i, "IF", "NOT", "EXISTS");
        int name = ifNotExists ? i + 3 : i;
        if (tokens.afterName(name) == name) {
            return Classification.unknown("no table name after CREATE TABLE");
        }
        String table = tokens.name(name);
        List<Match> matches = orReplace ? List.of(new Match(LintRule.DROP_TABLE, "table " + table
                + " (CREATE OR REPLACE drops it first)", table)) : List.of();
        return new Classification(Kind.DDL, matches, List.of(), ifNotExists || temporary ? null : table);
    }

    /** ALTER TABLE clause by clause; other ALTERs (VIEW, routines) as a whole. */
    private Classification alter(SqlTokens tokens) {
        int i = 1;
        boolean ignore = false;
        while (tokens.at(i, "ONLINE") || tokens.at(i, "IGNORE")) {
            ignore |= tokens.at(i, "IGNORE");
            i++;
        }
        if (ignore) {
            // MariaDB deletes the rows that a new unique or primary key finds duplicated, without a word.
            return Classification.unknown("ALTER IGNORE deletes the rows a new unique key finds duplicated (MariaDB)");
        }
        if (!tokens.at(i, "TABLE")) {
            int object = afterModifiers(tokens, 1);
            if (tokens.word(object).equals("EVENT")) {
                return Classification.unknown(EVENT_UNREAD);
            }
            return ROUTINES.contains(tokens.word(object)) ? Classification.of(Kind.DDL)
                    : jooq.classify("ALTER " + tokens.text(object));
        }
        int name = tokens.at(i + 1, "IF", "EXISTS") ? i + 3 : i + 1;
        int end = tokens.afterName(name);
        if (end == name || end == tokens.size()) {
            return Classification.unknown("no table name and change after ALTER TABLE");
        }
        String table = tokens.name(name);
        String head = "ALTER TABLE " + tokens.text(new Span(name, end)) + " ";
        List<Classification> clauses = new ArrayList<>();
        for (Span clause : tokens.splitAtCommas(new Span(end, tokens.size()))) {
            clauses.add(alterClause(tokens, clause, table, head).about(tokens.text(clause)));
        }
        return Classification.ddlOf(clauses, List.of());
    }

    private Classification alterClause(SqlTokens tokens, Span clause, String table, String head) {
        String verb = tokens.word(clause.from());
        MySqlExtras extras = MySqlExtras.of(tokens, clause, table, Set.of("ADD", "MODIFY", "CHANGE").contains(verb));
        int first = extras.firstKept();
        List<Match> matches = new ArrayList<>(extras.matches());
        if (first < 0) {
            return Classification.of(Kind.DDL, matches); // only ALGORITHM= / LOCK=
        }
        String second = tokens.word(first + 1);
        if (verb.equals("ENGINE")) {
            matches.add(new Match(LintRule.ENGINE_CHANGE, table, table));
            return Classification.of(Kind.DDL, matches);
        }
        if (verb.equals("ADD") && (second.equals("FULLTEXT") || second.equals("SPATIAL"))) {
            matches.add(new Match(LintRule.FULLTEXT_SPATIAL_INDEX, table, table));
            return Classification.of(Kind.DDL, matches);
        }
        if (verb.equals("ALTER") && (second.equals("INDEX") || second.equals("KEY"))) {
            return Classification.of(Kind.DDL, matches); // index visibility, how Tandem's drop_index begins
        }
        if (verb.equals("ALTER") && tokens.indexOf(clause, "DROP", "DEFAULT") >= 0) {
            // jOOQ renders it SET DEFAULT NULL, which would pass as a change of what such an INSERT gets.
            return Classification.unknown("DROP DEFAULT fails an INSERT that leaves the column out where it is NOT NULL,"
                    + " which the linter cannot see");
        }
        Classification read;
        int column = tokens.at(first + 1, "COLUMN") ? first + 2 : first + 1;
        if (verb.equals("CHANGE") && column + 1 < clause.to() && tokens.get(column).isName() && tokens.get(column + 1).isName()) {
            // CHANGE old new <definition>: a rename, and new redefined as <definition>.
            if (!tokens.get(column).name().equalsIgnoreCase(tokens.get(column + 1).name())) {
                matches.add(new Match(LintRule.RENAME_COLUMN, table + "." + tokens.get(column).name(), table));
            }
            read = jooq.classifyRedefinition(head, tokens.get(column + 1).text(), extras.rest(column + 2));
        } else if (verb.equals("MODIFY") && column < clause.to() && tokens.get(column).isName()) {
            read = jooq.classifyRedefinition(head, tokens.get(column).text(), extras.rest(column + 1));
        } else {
            read = jooq.classify(head + extras.rest());
        }
        // A generated column always has a value, so NOT NULL needs no DEFAULT.
        read = extras.generated() ? read.without(LintRule.ADD_NOT_NULL_WITHOUT_DEFAULT) : read;
        return Classification.ddlOf(List.of(read), matches);
    }

    /** DROP TABLE per table, DROP INDEX with its options, routines by their head. */
    private Classification drop(SqlTokens tokens) {
        int i = tokens.at(1, "TEMPORARY") ? 2 : 1;
        String object = tokens.word(i);
        if (object.equals("PROCEDURE") || object.equals("FUNCTION")) {
            return Classification.unknown("old app versions may call the " + object.toLowerCase(Locale.ROOT));
        }
        if (ROUTINES.contains(object)) {
            return Classification.of(Kind.DDL);
        }
        if (object.equals("TABLE") || object.equals("TABLES")) {
            return perItem(tokens, tokens.at(i + 1, "IF", "EXISTS") ? i + 3 : i + 1);
        }
        return object.equals("INDEX") ? index(tokens, false) : jooq.classify(tokens.text(0));
    }

    /** A statement over a list ({@code DROP TABLE a, b}, {@code RENAME TABLE a TO b, c TO d}), read item by item. */
    private Classification perItem(SqlTokens tokens, int itemsFrom) {
        String head = tokens.text(new Span(0, itemsFrom)) + " ";
        List<Classification> items = new ArrayList<>();
        for (Span item : tokens.splitAtCommas(new Span(itemsFrom, tokens.size()))) {
            items.add(jooq.classify(head + tokens.text(item)));
        }
        return Classification.ddlOf(items, List.of());
    }

    /**
     * CREATE [UNIQUE] INDEX and DROP INDEX with MySQL's options; a FULLTEXT or SPATIAL index needs no
     * more reading (jOOQ reads it as a plain one).
     */
    private Classification index(SqlTokens tokens, boolean fulltextOrSpatial) {
        Span all = new Span(0, tokens.size());
        int on = tokens.indexOf(all, "ON");
        String table = on < 0 ? null : tokens.name(on + 1);
        MySqlExtras extras = MySqlExtras.of(tokens, all, table, false);
        if (fulltextOrSpatial) {
            List<Match> matches = new ArrayList<>(extras.matches());
            matches.add(new Match(LintRule.FULLTEXT_SPATIAL_INDEX, table, table));
            return Classification.of(Kind.DDL, matches);
        }
        return Classification.ddlOf(List.of(jooq.classify(extras.rest())), extras.matches());
    }

    /** The index after CREATE's or ALTER's modifiers: OR REPLACE, DEFINER = user, ALGORITHM = x, SQL SECURITY x. */
    private static int afterModifiers(SqlTokens tokens, int i) {
        while (true) {
            if (tokens.at(i, "OR", "REPLACE") || tokens.at(i, "SQL", "SECURITY")) {
                i += tokens.at(i, "OR") ? 2 : 3;
            } else if (tokens.at(i, "ALGORITHM", "=")) {
                i += 3;
            } else if (tokens.at(i, "DEFINER", "=")) {
                i += 3; // past the user: a name, a string or CURRENT_USER...
                if (i < tokens.size() && tokens.get(i).kind() == SqlTokens.Kind.VARIABLE) {
                    i++; // ...then @host
                } else if (tokens.at(i, "(", ")")) {
                    i += 2; // ...or CURRENT_USER()
                }
            } else {
                return i;
            }
        }
    }
}
