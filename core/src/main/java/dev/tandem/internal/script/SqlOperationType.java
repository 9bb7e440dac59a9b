package dev.tandem.internal.script;

import dev.tandem.internal.lint.Acceptance;
import dev.tandem.spi.LintRuleId;
import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.OperationType;
import dev.tandem.spi.Phase;
import dev.tandem.spi.Step;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sql}: raw statements per phase, the YAML twin of a phased {@code .sql} script.
 * Fields {@code expand}, {@code backfill}, {@code contract}, {@code rollback}; at least one. The optional
 * {@code accept}, a list of {@code {rule, reason}}, accepts lint rules for all of the operation's statements.
 */
final class SqlOperationType implements OperationType {

    /** The rules {@code accept} may name: the dialect's linter's. */
    private final List<LintRuleId> lintRules;

    SqlOperationType(List<LintRuleId> lintRules) {
        this.lintRules = lintRules;
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public Operation create(OperationSpec spec) {
        spec.allowOnly(Set.of("expand", "backfill", "contract", "rollback", "accept"));
        List<Acceptance> accepted = spec.optionalMappings("accept").stream().map(this::acceptance).toList();
        Map<Phase, List<Step>> steps = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            steps.put(phase, SqlScriptReader.toSteps(spec.script(), spec.statements(phase.scriptName()), st -> accepted));
        }
        if (steps.values().stream().allMatch(List::isEmpty)) {
            throw spec.error(null, "'sql' needs SQL in at least one of: expand, backfill, contract, rollback");
        }
        return steps::get;
    }

    /** One item of {@code accept}: {@code {rule: TL101, reason: ...}}. */
    private Acceptance acceptance(OperationSpec item) {
        item.allowOnly(Set.of("rule", "reason"));
        return Acceptance.of(item.requireString("rule"), item.requireString("reason"), lintRules, problem -> item.error(null, problem));
    }
}
