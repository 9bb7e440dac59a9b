package dev.tandem.mysql.internal.lint;

import dev.tandem.LintFinding;
import dev.tandem.mysql.internal.lint.Classification.Kind;
import dev.tandem.mysql.internal.lint.Classification.Match;
import dev.tandem.spi.Phase;
import dev.tandem.spi.ScriptLinter;
import dev.tandem.spi.ScriptStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jooq.SQLDialect;

/**
 * Checks the SQL of migration scripts against the {@link LintRule}s of its phase: in expand, what
 * breaks app versions that still run is an error; in every phase, what blocks writes or copies a table
 * is a warning. Only SQL written in scripts is checked ({@code .sql} files and YAML {@code sql}
 * operations); the other operations are safe by construction. Parsing only, no database.
 */
public final class Linter implements ScriptLinter {

    static {
        // jOOQ prints its logo and a tip when first used; a library must not fill its user's log.
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    /** The SQL the linter reads: the servers' executable comments and a few statements differ. */
    private static final List<SQLDialect> FLAVORS = List.of(SQLDialect.MYSQL, SQLDialect.MARIADB);

    private final StatementClassifier classifier;

    /** A linter for the SQL of {@code dialect}: {@link SQLDialect#MYSQL} or {@link SQLDialect#MARIADB}. */
    public Linter(SQLDialect dialect) {
        if (dialect.family() != SQLDialect.MYSQL && dialect.family() != SQLDialect.MARIADB) {
            throw new IllegalArgumentException("Tandem lints MySQL or MariaDB SQL, not " + dialect);
        }
        this.classifier = new StatementClassifier(dialect);
    }

    /** The flavors {@link #forFlavor} knows, in lower case, MySQL's first (the default). */
    public static List<String> flavors() {
        return FLAVORS.stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList();
    }

    /** A linter for the SQL of {@code flavor}, one of {@link #flavors()}, in any case. */
    public static Linter forFlavor(String flavor) {
        return FLAVORS.stream().filter(d -> d.name().equalsIgnoreCase(flavor.strip())).findFirst().map(Linter::new)
                .orElseThrow(() -> new IllegalArgumentException("the linter reads " + String.join(" or ", flavors())
                        + " SQL, not '" + flavor + "'"));
    }

    /** The findings of one migration's written SQL, phase by phase, in line order. */
    @Override
    public List<LintFinding> lint(Map<Phase, List<ScriptStatement>> statements) {
        List<LintFinding> findings = new ArrayList<>();
        Set<String> createdInExpand = new HashSet<>();
        for (Phase phase : Phase.values()) {
            for (ScriptStatement statement : statements.getOrDefault(phase, List.of())) {
                findings.addAll(lint(phase, statement, createdInExpand));
            }
        }
        findings.sort(Comparator.comparingInt(LintFinding::line));
        return findings;
    }

    private List<LintFinding> lint(Phase phase, ScriptStatement written, Set<String> createdInExpand) {
        Classification statement = classifier.classify(written.statement().sql());
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
                findings.add(finding(match, written));
            }
        }
        if (phase == Phase.EXPAND && statement.createdTable() != null) {
            createdInExpand.add(key(statement.createdTable()));
        }
        return findings;
    }

    private static LintFinding finding(Match match, ScriptStatement written) {
        LintRule rule = match.rule();
        return new LintFinding(rule.id(), rule.ruleName(), rule.severity(), written.script(), written.statement().line(),
                written.statement().oneLine(), rule.what(match.object()) + "; " + rule.why(), rule.fix(),
                written.acceptedReason(rule.id()));
    }

    /** Table names compared without case: a script that spells one table two ways means one table. */
    private static String key(String table) {
        return table.toLowerCase(Locale.ROOT);
    }
}
