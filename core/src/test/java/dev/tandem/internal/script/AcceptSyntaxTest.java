package dev.tandem.internal.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ScriptException;
import dev.tandem.internal.lint.Acceptance;
import dev.tandem.spi.LintRuleId;
import dev.tandem.spi.Phase;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/** Accepting lint rules: {@code -- tandem:accept} lines in .sql scripts and {@code accept:} in YAML sql operations. */
class AcceptSyntaxTest {

    // A dialect's linter defines the rules; these are some of the MySQL/MariaDB linter's (docs/lint.md).
    private static final LintRuleId DROP_COLUMN = new LintRuleId("TL101", "drop-column");
    private static final LintRuleId ALGORITHM_COPY = new LintRuleId("TL201", "algorithm-copy");
    private static final LintRuleId DATA_CHANGE_IN_DDL_SECTION = new LintRuleId("TL210", "data-change-in-ddl-section");
    private static final List<LintRuleId> RULES = List.of(DROP_COLUMN, new LintRuleId("TL102", "rename-column"),
            new LintRuleId("TL106", "drop-table"), ALGORITHM_COPY, DATA_CHANGE_IN_DDL_SECTION);

    private static Map<Phase, List<Step>> sql(String text) {
        return SqlScriptReader.read("V2__x.sql", text, new LineSplitter(), RULES);
    }

    private static Map<Phase, List<Step>> yaml(String text) {
        return YamlScriptReader.read("V3__x.yaml", MigrationVersion.fromVersion("3"), text, new LineSplitter(),
                OperationTypes.discover(AcceptSyntaxTest.class.getClassLoader(), RULES), new ArrayList<>());
    }

    private static List<List<Acceptance>> acceptances(List<Step> steps) {
        return steps.stream().map(s -> ((SqlStep) s).acceptances()).toList();
    }

    private static AbstractThrowableAssert<?, ?> assertScriptError(Runnable read, String script, int line) {
        return assertThatThrownBy(read::run).isInstanceOf(ScriptException.class)
                .satisfies(e -> assertThat(((ScriptException) e).script()).isEqualTo(script))
                .satisfies(e -> assertThat(((ScriptException) e).line()).isEqualTo(line));
    }

    @Test
    void anAcceptLineBelongsToTheStatementDirectlyBelowIt() {
        Map<Phase, List<Step>> steps = sql("""
                -- tandem:expand
                ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
                -- tandem:accept TL101 nothing has read legacy_code since v1.4
                -- a plain comment may stand between
                -- TANDEM : ACCEPT tl201 the table has 12 rows
                ALTER TABLE customers DROP COLUMN legacy_code, ALGORITHM=COPY;
                -- tandem:contract
                -- tandem:accept TL210 deletes the 3 rows the old code wrote by mistake
                DELETE FROM customers WHERE email = 'x';
                """);

        assertThat(acceptances(steps.get(Phase.EXPAND))).containsExactly(List.of(), List.of(
                new Acceptance(DROP_COLUMN, "nothing has read legacy_code since v1.4"),
                new Acceptance(ALGORITHM_COPY, "the table has 12 rows")));
        assertThat(acceptances(steps.get(Phase.CONTRACT))).containsExactly(List.of(
                new Acceptance(DATA_CHANGE_IN_DDL_SECTION, "deletes the 3 rows the old code wrote by mistake")));
    }

    @Test
    void aClassicScriptAcceptsToo() {
        Map<Phase, List<Step>> steps = sql("""
                CREATE TABLE countries (code CHAR(2) PRIMARY KEY);
                -- tandem:accept TL210 seed data of a new table
                INSERT INTO countries VALUES ('NL');
                """);

        assertThat(acceptances(steps.get(Phase.EXPAND))).containsExactly(List.of(),
                List.of(new Acceptance(DATA_CHANGE_IN_DDL_SECTION, "seed data of a new table")));
    }

    @Test
    void anAcceptLineSeparatedFromItsStatementIsAnError() {
        assertScriptError(() -> sql("""
                -- tandem:expand
                -- tandem:accept TL101 old code never used it

                ALTER TABLE customers DROP COLUMN legacy_code;
                """), "V2__x.sql", 2).hasMessageContaining("must stand directly above the statement");
    }

    @Test
    void anAcceptLineAtTheEndOfASectionAcceptsNothingAndIsAnError() {
        assertScriptError(() -> sql("""
                -- tandem:expand
                ALTER TABLE customers DROP COLUMN legacy_code;
                -- tandem:accept TL101 meant for the statement above
                -- tandem:contract
                ALTER TABLE customers DROP COLUMN other;
                """), "V2__x.sql", 3).hasMessageContaining("directly above the statement it accepts, in the same section");
    }

    @Test
    void anUnknownRuleIsAnErrorThatListsTheRules() {
        assertScriptError(() -> sql("""
                -- tandem:expand
                -- tandem:accept TL999 whatever
                ALTER TABLE customers DROP COLUMN legacy_code;
                """), "V2__x.sql", 2).hasMessageContaining("unknown lint rule 'TL999'").hasMessageContaining("TL101, TL102");
    }

    @Test
    void anAcceptWithoutReasonOrRuleIsAnError() {
        assertScriptError(() -> sql("""
                -- tandem:expand
                -- tandem:accept TL101
                ALTER TABLE customers DROP COLUMN legacy_code;
                """), "V2__x.sql", 2).hasMessageContaining("accepting TL101 drop-column needs a reason")
                .hasMessageContaining("'-- tandem:accept <rule id> <reason>'");
        assertScriptError(() -> sql("""
                -- tandem:accept
                ALTER TABLE customers DROP COLUMN legacy_code;
                """), "V2__x.sql", 1).hasMessageContaining("no lint rule named");
    }

    @Test
    void aMisspeltAcceptIsStillNoSectionMarker() {
        assertScriptError(() -> sql("""
                -- tandem:expand
                -- tandem:acept TL101 typo
                ALTER TABLE customers DROP COLUMN legacy_code;
                """), "V2__x.sql", 2).hasMessageContaining("is not a section marker")
                .hasMessageContaining("'-- tandem:accept <rule id> <reason>' accepts a lint rule");
    }

    @Test
    void aYamlSqlOperationAcceptsRulesForAllItsStatements() {
        Map<Phase, List<Step>> steps = yaml("""
                operations:
                  - sql:
                      expand: |
                        ALTER TABLE customers DROP COLUMN legacy_code;
                        ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL, ALGORITHM=COPY;
                      accept:
                        - {rule: TL101, reason: nothing has read it since v1.4}
                        - rule: TL201
                          reason: 12 rows
                  - sql:
                      expand: DROP TABLE legacy
                """);

        List<Acceptance> both = List.of(new Acceptance(DROP_COLUMN, "nothing has read it since v1.4"),
                new Acceptance(ALGORITHM_COPY, "12 rows"));
        assertThat(acceptances(steps.get(Phase.EXPAND))).containsExactly(both, both, List.of());
    }

    @Test
    void badYamlAcceptsAreErrorsWithTheirLine() {
        assertScriptError(() -> yaml("""
                operations:
                  - sql:
                      expand: DROP TABLE legacy
                      accept:
                        - {rule: TL999, reason: x}
                """), "V3__x.yaml", 5).hasMessageContaining("unknown lint rule 'TL999'");
        assertScriptError(() -> yaml("""
                operations:
                  - sql:
                      expand: DROP TABLE legacy
                      accept:
                        - {rule: TL106}
                """), "V3__x.yaml", 5).hasMessageContaining("the required field 'reason' is missing");
        assertScriptError(() -> yaml("""
                operations:
                  - sql:
                      expand: DROP TABLE legacy
                      accept:
                        - {rule: TL106, reason: x, because: y}
                """), "V3__x.yaml", 5).hasMessageContaining("unknown field 'because'; known fields here: reason, rule");
        assertScriptError(() -> yaml("""
                operations:
                  - sql:
                      expand: DROP TABLE legacy
                      accept: [TL106]
                """), "V3__x.yaml", 4).hasMessageContaining("each item of 'accept' must be a mapping");
    }
}
