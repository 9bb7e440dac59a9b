package dev.tandem.mysql.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.LintFinding;
import dev.tandem.mysql.internal.MySqlDialect;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.LintRuleId;
import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.Phase;
import dev.tandem.spi.ScriptStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The linter as the dialect SPI offers it without a server: by flavor name, and its rule catalogue. */
class LintFlavorsTest {

    private final Dialect dialect = new MySqlDialect();

    /** Drops a column in MariaDB's executable comment only: MariaDB runs it, MySQL skips it. */
    private static final ParsedStatement MARIADB_ONLY_DROP = new ParsedStatement(
            "ALTER TABLE customers ADD COLUMN a INT NULL /*M!, DROP COLUMN b */", 1);

    private static List<String> ruleIds(List<LintFinding> findings) {
        return findings.stream().map(LintFinding::ruleId).toList();
    }

    private static Map<Phase, List<ScriptStatement>> expand(ParsedStatement statement) {
        return Map.of(Phase.EXPAND, List.of(new ScriptStatement("V2__x.sql", statement, Map.of())));
    }

    @Test
    void eachFlavorReadsItsServersSqlInAnyCase() {
        assertThat(dialect.lintFlavors()).containsExactly("mysql", "mariadb");

        assertThat(ruleIds(dialect.linter("MariaDB").lint(expand(MARIADB_ONLY_DROP)))).containsExactly("TL101");
        assertThat(ruleIds(dialect.linter(" mysql ").lint(expand(MARIADB_ONLY_DROP)))).isEmpty();
    }

    @Test
    void anUnknownFlavorIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> dialect.linter("oracle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the linter reads mysql or mariadb SQL, not 'oracle'");
    }

    @Test
    void theCatalogueNamesEveryRuleInOrderAsScriptsAcceptIt() {
        List<LintRuleId> rules = dialect.lintRules();

        assertThat(rules).hasSize(LintRule.values().length).first()
                .isEqualTo(new LintRuleId("TL101", "drop-column"));
        assertThat(rules).extracting(LintRuleId::id).doesNotHaveDuplicates().allMatch(id -> id.matches("TL\\d{3}"));
        assertThat(LintRule.ALGORITHM_COPY.asId()).hasToString("TL201 algorithm-copy");
    }
}
