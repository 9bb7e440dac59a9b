package dev.tandem.mysql.internal.lint;

import dev.tandem.mysql.internal.lint.Classification.Kind;
import dev.tandem.mysql.internal.lint.Classification.Match;
import java.util.ArrayList;
import java.util.List;
import org.jooq.AlterTableStep;
import org.jooq.DSLContext;
import org.jooq.Parser;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.ParserException;
import org.jooq.impl.QOM;

/**
 * Classifies SQL with jOOQ's parser, through its query object model: {@code QOM.CreateIndex} says
 * whether an index is unique, {@code QOM.DropTable} whether a table is temporary, and so on. jOOQ
 * 3.19 has no object model for ALTER TABLE yet, so those are read from jOOQ's own rendering of them
 * (see {@link RenderedAlterTable}). A query type without a rule here is unclassified, never passed.
 */
final class JooqReader {

    /**
     * DDL passed as harmless: it creates something new, or changes a comment or a view's query (a view
     * redefined in place is the script's responsibility; see docs/lint.md, limits).
     */
    private static final List<Class<?>> HARMLESS_DDL = List.of(QOM.CreateView.class, QOM.AlterView.class,
            QOM.CreateSchema.class, QOM.CreateDatabase.class, QOM.CreateSequence.class, QOM.CommentOn.class);
    /** Statements that change nothing stored: reads, transaction control, USE. */
    private static final List<Class<?>> HARMLESS_OTHER = List.of(Select.class, QOM.StartTransaction.class,
            QOM.Commit.class, QOM.Rollback.class, QOM.SetCatalog.class);

    private final Parser parser;
    private final DSLContext renderer;

    JooqReader(SQLDialect dialect) {
        Settings settings = new Settings()
                .withParseDialect(dialect)
                // A function jOOQ does not know is still a function call; its name is not what the rules read.
                .withParseUnknownFunctions(ParseUnknownFunctions.IGNORE)
                // One spelling for names and keywords, so the rendering of an ALTER TABLE reads unambiguously.
                .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
                .withRenderKeywordCase(RenderKeywordCase.LOWER)
                .withRenderFormatted(false);
        renderer = DSL.using(dialect, settings);
        parser = renderer.parser();
    }

    Classification classify(String sql) {
        return classify(sql, false);
    }

    /**
     * A MODIFY or CHANGE: {@code column} redefined as {@code definition}, on the table of
     * {@code alterTable} ({@code ALTER TABLE t }). jOOQ's parser reads a whole column definition
     * (DEFAULT, AUTO_INCREMENT, ON UPDATE, COMMENT, position) only after ADD, so it reads it there, and
     * the result is judged as a redefinition.
     */
    Classification classifyRedefinition(String alterTable, String column, String definition) {
        return classify(alterTable + "ADD " + column + " " + definition, true);
    }

    private Classification classify(String sql, boolean redefinition) {
        Query[] queries;
        try {
            queries = parser.parse(sql).queries();
        } catch (ParserException e) {
            return Classification.unknown("jOOQ's parser: " + e.getMessage());
        }
        if (queries.length != 1) {
            return Classification.unknown("jOOQ's parser reads " + queries.length + " statements in it");
        }
        return classify(queries[0], redefinition);
    }

    private Classification classify(Query query, boolean redefinition) {
        if (query instanceof AlterTableStep) {
            return RenderedAlterTable.classify(renderer.render(query), redefinition);
        }
        if (query instanceof QOM.CreateIndex index) {
            String table = name(index.$table());
            return index.$unique() ? ddl(new Match(LintRule.UNIQUE_ON_EXISTING_TABLE, table, table)) : ddl();
        }
        if (query instanceof QOM.DropIndex drop) {
            String table = name(drop.$on());
            return drop.$index().getName().equalsIgnoreCase("PRIMARY")
                    ? ddl(new Match(LintRule.PRIMARY_KEY_CHANGE, table, table))
                    : ddl(new Match(LintRule.DROP_INDEX, drop.$index().getName() + " on " + table, table));
        }
        if (query instanceof QOM.DropTable drop) {
            String table = name(drop.$table());
            // A temporary table belongs to this session alone: no app version can see it.
            return drop.$temporary() ? ddl() : ddl(new Match(LintRule.DROP_TABLE, "table " + table, table));
        }
        if (query instanceof QOM.DropView drop) {
            return ddl(new Match(LintRule.DROP_TABLE, "view " + name(drop.$view()), name(drop.$view())));
        }
        if (query instanceof QOM.Truncate<?> truncate) {
            List<Match> matches = new ArrayList<>();
            truncate.$table().forEach(t -> matches.add(new Match(LintRule.TRUNCATE_TABLE, name(t), name(t))));
            return Classification.of(Kind.DDL, matches);
        }
        if (query instanceof QOM.Insert<?> || query instanceof QOM.Update<?> || query instanceof QOM.Delete<?>) {
            return Classification.of(Kind.DML);
        }
        if (HARMLESS_DDL.stream().anyMatch(type -> type.isInstance(query))) {
            return ddl();
        }
        if (HARMLESS_OTHER.stream().anyMatch(type -> type.isInstance(query))) {
            return Classification.of(Kind.OTHER);
        }
        return Classification.unknown("jOOQ reads it as " + query.getClass().getSimpleName().replace("Impl", "")
                + ", for which the linter has no rule");
    }

    private static Classification ddl(Match... matches) {
        return Classification.of(Kind.DDL, matches);
    }

    /** A table's or view's name as written, without quotes, qualified when it was. */
    private static String name(Table<?> table) {
        return String.join(".", table.getQualifiedName().getName());
    }
}
