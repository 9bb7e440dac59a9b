package dev.tandem.spi;

/**
 * A lint rule as scripts name it to accept it ({@code -- tandem:accept TL101 <reason>}): its stable id and
 * its kebab-case name. A dialect's linter defines its rules; see docs/lint.md.
 *
 * @param id   the stable id, e.g. {@code TL101}
 * @param name the kebab-case name, e.g. {@code drop-column}
 */
public record LintRuleId(String id, String name) {

    /** {@code TL101 drop-column}, as messages name a rule. */
    @Override
    public String toString() {
        return id + " " + name;
    }
}
