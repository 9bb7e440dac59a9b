package dev.tandem.internal.lint;

import dev.tandem.LintFinding;
import dev.tandem.LintReport;
import dev.tandem.internal.script.Migration;
import dev.tandem.internal.script.SqlStep;
import dev.tandem.spi.Phase;
import dev.tandem.spi.ScriptLinter;
import dev.tandem.spi.ScriptStatement;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Lints migrations with a dialect's {@link ScriptLinter}: hands it the SQL written in each script, phase
 * by phase, and gathers the findings into one report. Only written SQL is linted; the other operations
 * are safe by construction.
 */
public final class MigrationLinter {

    private final ScriptLinter linter;

    public MigrationLinter(ScriptLinter linter) {
        this.linter = linter;
    }

    /** Lints every phase of one migration; a malformed script throws {@link dev.tandem.ScriptException}. */
    public LintReport lint(Migration migration) {
        return new LintReport(linter.lint(writtenSql(migration::steps)));
    }

    /** Lints migrations, in the order given. */
    public LintReport lint(Collection<Migration> migrations) {
        List<LintFinding> findings = new ArrayList<>();
        migrations.forEach(m -> findings.addAll(lint(m).findings()));
        return new LintReport(findings);
    }

    /** The SQL written in a migration's steps, phase by phase, as the dialect's linter reads it. */
    static Map<Phase, List<ScriptStatement>> writtenSql(Function<Phase, List<Step>> steps) {
        Map<Phase, List<ScriptStatement>> statements = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            statements.put(phase, steps.apply(phase).stream().filter(SqlStep.class::isInstance).map(SqlStep.class::cast)
                    .map(MigrationLinter::statement).toList());
        }
        return statements;
    }

    private static ScriptStatement statement(SqlStep step) {
        Map<String, String> reasons = new LinkedHashMap<>();
        // The first acceptance of a rule counts, as the script reads from the top.
        step.acceptances().forEach(a -> reasons.putIfAbsent(a.rule().id(), a.reason()));
        return new ScriptStatement(step.script(), step.statement(), reasons);
    }
}
