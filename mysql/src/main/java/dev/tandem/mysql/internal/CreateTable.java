package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code create_table}: a new table, which old code does not know and so cannot be disturbed by.
 *
 * <pre>
 * - create_table:
 *     table: audit
 *     columns:                       # column and constraint definitions, SQL as written
 *       - id BIGINT AUTO_INCREMENT PRIMARY KEY
 *       - customer_id BIGINT NOT NULL
 *       - INDEX audit_customer (customer_id)
 * </pre>
 *
 * Before anything runs, the table's name must be free, the server must accept its definitions, tried on a
 * temporary table ({@link CreateTableChecks#tableDefinitionAccepted}) with its FULLTEXT and SPATIAL indexes looked
 * at beside it, and its foreign keys must fit the tables and columns they reference
 * ({@link CreateTableChecks#foreignKeysFit}); expand creates it; rollback drops it (it did not exist
 * before: the check makes sure).
 */
public final class CreateTable implements OperationType {

    /** A name as written, quoted (backquotes doubled inside) or not: one capturing group. */
    private static final String NAME = "(`(?:[^`]|``)+`|[\\w$]+)";
    /** A definition that is a table's foreign key: {@code [CONSTRAINT [name]] FOREIGN KEY ...}. */
    private static final Pattern FOREIGN_KEY = Pattern.compile(
            "^\\s*(CONSTRAINT(\\s+" + NAME + ")?\\s+)?FOREIGN\\s+KEY\\b", Pattern.CASE_INSENSITIVE);
    /** A CHECK constraint given a name, as a definition or within a column's: {@code CONSTRAINT name CHECK}. */
    private static final Pattern NAMED_CHECK = Pattern.compile("(?<![\\w$])CONSTRAINT\\s+" + NAME + "\\s+CHECK\\b",
            Pattern.CASE_INSENSITIVE);
    /** A foreign key's own columns: {@code FOREIGN KEY [index_name] (columns)}. */
    private static final Pattern REFERENCING = Pattern.compile(
            "\\bFOREIGN\\s+KEY\\s*(?:" + NAME + "\\s*)?\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    /** What a foreign key references: {@code REFERENCES [schema.]table (columns)}. */
    private static final Pattern REFERENCED = Pattern.compile(
            "\\bREFERENCES\\s+(" + NAME + "\\s*\\.\\s*)?" + NAME + "\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    /**
     * A string literal ({@link Expressions#STRING}), a quoted name, or (group 1) the word that begins a column's
     * own reference clause, where {@link #withoutReferences} cuts.
     */
    private static final Pattern QUOTED_OR_REFERENCES = Pattern.compile(Expressions.STRING.pattern()
            + "|`(?:[^`]|``)*`|(?<![\\w$])(REFERENCES)(?![\\w$])", Pattern.CASE_INSENSITIVE);
    /** A definition of an index InnoDB does not give a temporary table: {@code FULLTEXT ...}, {@code SPATIAL ...}. */
    private static final Pattern TEMPORARY_LACKS = Pattern.compile("^\\s*(FULLTEXT|SPATIAL)\\b", Pattern.CASE_INSENSITIVE);
    /** Such an index: {@code FULLTEXT|SPATIAL [INDEX|KEY] [name] (columns)}, its kind, name and columns. */
    private static final Pattern SEARCH_INDEX = Pattern.compile("^\\s*(FULLTEXT|SPATIAL)\\s+(?:(?:INDEX|KEY)\\b\\s*)?(?:"
            + NAME + "\\s*)?\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "create_table";
    }

    @Override
    public Operation create(OperationSpec spec) {
        return lifecycle(spec).operation();
    }

    /** The operation's lifecycle, from its fields in the script. */
    OperationLifecycle lifecycle(OperationSpec spec) {
        spec.allowOnly(Set.of("table", "columns"));
        String table = Identifiers.newName(spec, "table");
        List<String> columns = spec.requireStringList("columns");
        String where = Where.of(spec, name(), table).text();
        String t = Identifiers.quote(table);
        List<Step> expand = List.of(Steps.sql(where, "CREATE TABLE " + t + " " + body(columns)));
        List<Step> rollback = List.of(Steps.sql(where + ": drop it", "DROP TABLE IF EXISTS " + t));
        return OperationLifecycle.of(List.of(Checks.tableAbsent(where, table),
                CreateTableChecks.constraintNamesFree(where, table, foreignKeyNames(columns), checkNames(columns)),
                CreateTableChecks.tableDefinitionAccepted(where, table, triable(columns), searchIndexes(columns)),
                CreateTableChecks.foreignKeysFit(where, table, references(columns))), expand, List.of(), List.of(), rollback);
    }

    /** The parenthesized list of a {@code CREATE TABLE}, a definition per line (a server's "at line n" names it). */
    static String body(List<String> definitions) {
        return "(\n  " + String.join(",\n  ", definitions) + "\n)";
    }

    /** A foreign key's columns ({@code from}), the table it references in this schema and its columns there, names unquoted. */
    record Reference(List<String> from, String table, List<String> columns) {
    }

    /**
     * What the foreign keys of {@code definitions} ({@code [CONSTRAINT [name]] FOREIGN KEY ...}) reference in
     * this schema: one in another schema, or written in a way this does not read, is left to the server.
     */
    static List<Reference> references(List<String> definitions) {
        List<Reference> references = new ArrayList<>();
        for (String definition : definitions) {
            Matcher m = REFERENCED.matcher(definition);
            Matcher from = REFERENCING.matcher(definition);
            if (FOREIGN_KEY.matcher(definition).find() && from.find() && m.find() && m.group(1) == null) {
                references.add(new Reference(names(from.group(2)), Identifiers.unquoted(m.group(3)), names(m.group(4))));
            }
        }
        return references;
    }

    /** The names {@code definitions} give foreign keys ({@code CONSTRAINT name FOREIGN KEY ...}), unquoted. */
    static List<String> foreignKeyNames(List<String> definitions) {
        List<String> names = new ArrayList<>();
        for (String definition : definitions) {
            Matcher m = FOREIGN_KEY.matcher(definition);
            if (m.find() && m.group(3) != null) {
                names.add(Identifiers.unquoted(m.group(3)));
            }
        }
        return names;
    }

    /** The names {@code definitions} give CHECK constraints ({@code CONSTRAINT name CHECK (...)}), unquoted. */
    static List<String> checkNames(List<String> definitions) {
        List<String> names = new ArrayList<>();
        for (String definition : definitions) {
            Matcher m = NAMED_CHECK.matcher(definition);
            while (m.find()) {
                names.add(Identifiers.unquoted(m.group(1)));
            }
        }
        return names;
    }

    /** A FULLTEXT or SPATIAL index of the new table, its name unquoted (null where the server names it) and its columns'. */
    record SearchIndex(boolean fullText, String name, List<String> columns) {
    }

    /** The FULLTEXT and SPATIAL indexes of {@code definitions}, which a temporary table cannot have. */
    static List<SearchIndex> searchIndexes(List<String> definitions) {
        List<SearchIndex> indexes = new ArrayList<>();
        for (String definition : definitions) {
            Matcher m = SEARCH_INDEX.matcher(definition);
            if (m.find()) {
                indexes.add(new SearchIndex(m.group(1).equalsIgnoreCase("FULLTEXT"),
                        m.group(2) == null ? null : Identifiers.unquoted(m.group(2)), names(m.group(3))));
            }
        }
        return indexes;
    }

    /** The unquoted names of a list of columns as written ({@code a, `b`}). */
    private static List<String> names(String list) {
        return Arrays.stream(list.split(",")).map(c -> Identifiers.unquoted(c.strip())).toList();
    }

    /**
     * {@code definitions} as a temporary table can be made with them: without the foreign keys and the
     * FULLTEXT and SPATIAL indexes, which a temporary table cannot have (both servers refuse a foreign key on
     * one, MariaDB a column's own {@code REFERENCES} too; InnoDB gives it neither index), and with a column's
     * {@code REFERENCES} clause cut off, with what follows it.
     */
    static List<String> triable(List<String> definitions) {
        return definitions.stream()
                .filter(d -> !FOREIGN_KEY.matcher(d).find() && !TEMPORARY_LACKS.matcher(d).find())
                .map(CreateTable::withoutReferences)
                .toList();
    }

    /** {@code definition} up to its first {@code REFERENCES} outside quotes (all of it where there is none). */
    static String withoutReferences(String definition) {
        Matcher m = QUOTED_OR_REFERENCES.matcher(definition);
        while (m.find()) {
            if (m.group(1) != null) {
                return definition.substring(0, m.start(1)).stripTrailing();
            }
        }
        return definition;
    }
}
