package dev.tandem.mysql.internal.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * What one statement does, as far as the rules care, independent of its phase: what kind of statement
 * it is, the rules it matches, the parts the linter could not read, and the table it creates (which
 * later statements of the same expand may change freely: no running app version knows it yet).
 */
record Classification(Kind kind, List<Match> matches, List<String> unclassified, String createdTable) {

    enum Kind {
        /** Changes the schema: tables, columns, indexes, views, triggers, routines. */
        DDL,
        /** INSERT, UPDATE, DELETE, REPLACE. */
        DML,
        /** Neither: SET, SELECT, LOCK TABLES, transaction control. */
        OTHER,
        /** Not even its kind is known. */
        UNKNOWN
    }

    /**
     * A rule the statement matches; {@code object} names what it concerns in the message (a table,
     * {@code table.column}, ...), {@code table} is the table it changes, or null.
     */
    record Match(LintRule rule, String object, String table) {
    }

    Classification {
        matches = List.copyOf(matches);
        unclassified = List.copyOf(unclassified);
    }

    static Classification of(Kind kind, Match... matches) {
        return new Classification(kind, List.of(matches), List.of(), null);
    }

    static Classification of(Kind kind, List<Match> matches) {
        return new Classification(kind, matches, List.of(), null);
    }

    static Classification unknown(String problem) {
        return new Classification(Kind.UNKNOWN, List.of(), List.of(problem), null);
    }

    /** A DDL statement made of parts (the clauses of an ALTER TABLE, the tables of a DROP TABLE), with {@code extra} matches. */
    static Classification ddlOf(List<Classification> parts, List<Match> extra) {
        List<Match> matches = new ArrayList<>(extra);
        List<String> unclassified = new ArrayList<>();
        for (Classification part : parts) {
            matches.addAll(part.matches());
            unclassified.addAll(part.unclassified());
        }
        return new Classification(Kind.DDL, matches, unclassified, null);
    }

    /** The same, each unclassified reason naming {@code part} (a clause of a longer statement) as its subject. */
    Classification about(String part) {
        return new Classification(kind, matches, unclassified.stream().map(p -> "'" + part + "' (" + p + ")").toList(),
                createdTable);
    }

    Classification without(LintRule rule) {
        return new Classification(kind, matches.stream().filter(m -> m.rule() != rule).toList(), unclassified, createdTable);
    }
}
