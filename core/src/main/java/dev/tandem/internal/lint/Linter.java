package dev.tandem.internal.lint;

import dev.tandem.internal.lint.Classification.Kind;
import dev.tandem.internal.lint.Classification.Match;
import dev.tandem.internal.script.Migration;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.internal.script.OperationTypes;
import dev.tandem.internal.script.SqlStep;
import dev.tandem.spi.Phase;
import dev.tandem.spi.StatementSplitter;
import dev.tandem.spi.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jooq.SQLDialect;

/**
 * Checks the SQL of migration scripts against the {@link LintRule}s of its phase: in expand, what
 * breaks app versions that still run is an error; in every phase, what blocks writes or copies a table
 * is a warning. Only SQL written in scripts is checked ({@code .sql} files and YAML {@code sql}
 * operations); the other operations are safe by construction. Parsing only, no database.
 */
public final class Linter {

    static {
        // jOOQ prints its logo and a tip when first used; a library must not fill its user's log.
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    private final StatementClassifier classifier;

    /** A linter for the SQL of {@code dialect}: {@link SQLDialect#MYSQL} or {@link SQLDialect#MARIADB}. */
    public Linter(SQLDialect dialect) {
        if (dialect.family() != SQLDialect.MYSQL && dialect.family() != SQLDialect.MARIADB) {
            throw new IllegalArgumentException("Tandem lints MySQL or MariaDB SQL, not " + dialect);
        }
        this.classifier = new StatementClassifier(dialect);
    }

    /** Lints every phase of one migration; a malformed script throws {@link dev.tandem.ScriptException}. */
    public LintReport lint(Migration migration) {
        return new LintReport(lintPhases(migration::steps));
    }

    /** Lints migrations, in the order given. */
    public LintReport lint(Collection<Migration> migrations) {
        List<LintFinding> findings = new ArrayList<>();
        migrations.forEach(m -> findings.addAll(lint(m).findings()));
        return new LintReport(findings);
    }

    /**
     * Lints the scripts in a directory as Tandem would find them there ({@code V<version>__<name>.sql},
     * {@code .yaml}), split by {@code splitter}; YAML operations are those on this class's class path.
     */
    public LintReport lintDirectory(Path directory, StatementSplitter splitter) {
        ClassLoader loader = Linter.class.getClassLoader();
        return lint(MigrationCatalog.scan(List.of("filesystem:" + directory.toAbsolutePath()), loader, splitter,
                OperationTypes.discover(loader)).all());
    }

    /** The findings of one migration's steps, phase by phase, in line order. */
    List<LintFinding> lintPhases(Function<Phase, List<Step>> steps) {
        List<LintFinding> findings = new ArrayList<>();
        Set<String> createdInExpand = new HashSet<>();
        for (Phase phase : Phase.values()) {
            for (Step step : steps.apply(phase)) {
                if (step instanceof SqlStep sql) {
                    findings.addAll(lint(phase, sql, createdInExpand));
                }
            }
        }
        findings.sort(Comparator.comparingInt(LintFinding::line));
        return findings;
    }

    private List<LintFinding> lint(Phase phase, SqlStep step, Set<String> createdInExpand) {
        Classification statement = classifier.classify(step.sql());
        Set<Match> matches = new LinkedHashSet<>(statement.matches());
        statement.unclassified().forEach(reason -> matches.add(new Match(LintRule.unclassified(phase), reason, null)));
        if (statement.kind() == Kind.DML) {
            matches.add(new Match(LintRule.DATA_CHANGE_IN_DDL_SECTION, phase.scriptName(), null));
        } else if (statement.kind() == Kind.DDL) {
            matches.add(new Match(LintRule.DDL_IN_BACKFILL, "", null));
        }
        List<LintFinding> findings = new ArrayList<>();
        for (Match match : matches) {
            // No running app version knows a table this expand created: changing it cannot break them.
            boolean newTable = phase == Phase.EXPAND && match.table() != null && createdInExpand.contains(key(match.table()));
            if (match.rule().appliesIn(phase) && !newTable) {
                findings.add(new LintFinding(match.rule(), step.script(), step.line(), step.oneLine(),
                        match.rule().what(match.object()) + "; " + match.rule().why(), acceptedReason(step, match.rule())));
            }
        }
        if (phase == Phase.EXPAND && statement.createdTable() != null) {
            createdInExpand.add(key(statement.createdTable()));
        }
        return findings;
    }

    private static String acceptedReason(SqlStep step, LintRule rule) {
        return step.acceptances().stream().filter(a -> a.rule() == rule).map(Acceptance::reason).findFirst().orElse(null);
    }

    /** Table names compared without case: a script that spells one table two ways means one table. */
    private static String key(String table) {
        return table.toLowerCase(Locale.ROOT);
    }
}
