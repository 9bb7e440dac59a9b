package dev.tandem.internal.lint;

import dev.tandem.ScriptException;
import dev.tandem.spi.LintRuleId;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A script's explicit acceptance of a lint rule for a statement, with the reason: {@code -- tandem:accept
 * TL101 <reason>} above a statement in a {@code .sql} script, or {@code accept: [{rule, reason}]} in a
 * YAML {@code sql} operation. An accepted error no longer stops the expand but is still reported.
 */
public record Acceptance(LintRuleId rule, String reason) {

    /**
     * The acceptance of the rule with id {@code ruleId}, one of {@code rules} (the dialect's linter's); an
     * unknown id or a blank reason is an error made by {@code error} (which positions it in the script).
     */
    public static Acceptance of(String ruleId, String reason, List<LintRuleId> rules,
                                Function<String, ScriptException> error) {
        String ids = rules.stream().map(LintRuleId::id).collect(Collectors.joining(", "));
        if (ruleId == null || ruleId.isBlank()) {
            throw error.apply("no lint rule named; the rules are " + ids + " (see docs/lint.md)");
        }
        LintRuleId rule = rules.stream().filter(r -> r.id().equalsIgnoreCase(ruleId.strip())).findFirst()
                .orElseThrow(() -> error.apply("unknown lint rule '" + ruleId.strip() + "'; the rules are " + ids
                        + " (see docs/lint.md)"));
        if (reason == null || reason.isBlank()) {
            throw error.apply("accepting " + rule + " needs a reason: say why the statement is safe here");
        }
        return new Acceptance(rule, reason.strip());
    }
}
