package dev.tandem.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.TandemException;
import dev.tandem.internal.script.LineSplitter;
import dev.tandem.internal.script.SqlStep;
import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.Phase;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linter over script files: phases, accepts, the report and its rendering. */
class LinterTest {

    @TempDir
    Path dir;

    private final Linter linter = new Linter(SQLDialect.MYSQL);

    private LintReport lint(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
        return linter.lintDirectory(dir, new LineSplitter());
    }

    @Test
    void rendersFindingsLikeACompilerWithASummary() throws IOException {
        LintReport report = lint("V2__email.sql", """
                -- tandem:expand
                ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;

                -- tandem:accept TL201 the table has 12 rows
                ALTER TABLE customers DROP COLUMN legacy_code, ALGORITHM=COPY;
                -- tandem:contract
                ALTER TABLE customers DROP COLUMN legacy_code;
                """);

        assertThat(report.render()).isEqualTo("""
                V2__email.sql:5: error TL101 drop-column: drops column customers.legacy_code; old app versions still \
                select and write it, and fail as soon as it is gone
                    ALTER TABLE customers DROP COLUMN legacy_code, ALGORITHM=COPY
                    fix: drop_column (removes it at contract, once no running instance knows the old shape), or move \
                the statement to the contract section
                V2__email.sql:5: warning TL201 algorithm-copy (accepted: the table has 12 rows): asks for ALGORITHM=COPY \
                on customers; the server copies the whole table and blocks writes until it is done
                    ALTER TABLE customers DROP COLUMN legacy_code, ALGORITHM=COPY
                    fix: leave ALGORITHM out: Tandem tries INSTANT, then INPLACE with LOCK=NONE, and refuses a copy
                1 error, 0 warnings, 1 accepted""");
        assertThat(report.hasErrors()).isTrue();
        assertThat(report.findings()).extracting(LintFinding::script, LintFinding::line, LintFinding::severity,
                LintFinding::accepted).containsExactly(
                        tuple("V2__email.sql", 5, Severity.ERROR, false),
                        tuple("V2__email.sql", 5, Severity.WARNING, true));
    }

    @Test
    void anAcceptedErrorNoLongerStopsTheExpandButIsStillReported() throws IOException {
        LintReport report = lint("V2__drop.sql", """
                -- tandem:accept TL101 the column was added by V1 and never used
                ALTER TABLE customers DROP COLUMN legacy_code;
                """);

        assertThat(report.hasErrors()).isFalse();
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(LintRule.DROP_COLUMN);
            assertThat(f.acceptedReason()).isEqualTo("the column was added by V1 and never used");
            assertThat(f.blocking()).isFalse();
        });
        assertThat(report.render()).contains("error TL101 drop-column (accepted: the column was added by V1 and never used)")
                .endsWith("0 errors, 0 warnings, 1 accepted");
    }

    @Test
    void acceptingAnotherRuleAcceptsNothing() throws IOException {
        LintReport report = lint("V2__drop.sql", """
                -- tandem:accept TL106 wrong rule
                ALTER TABLE customers DROP COLUMN legacy_code;
                """);

        assertThat(report.hasErrors()).isTrue();
        assertThat(report.findings()).singleElement().extracting(LintFinding::acceptedReason).isNull();
    }

    @Test
    void yamlSqlOperationsAreLintedAndAccepted() throws IOException {
        LintReport report = lint("V3__legacy.yaml", """
                operations:
                  - sql:
                      expand: |
                        DROP TABLE legacy;
                        TRUNCATE TABLE sessions;
                      accept:
                        - {rule: TL106, reason: legacy was replaced in V2 and is unused}
                """);

        assertThat(report.findings()).extracting(LintFinding::ruleId, LintFinding::line, LintFinding::accepted)
                .containsExactly(tuple("TL106", 4, true),
                        tuple("TL108", 5, false));
        assertThat(report.hasErrors()).isTrue();
    }

    @Test
    void warningsAloneDoNotStopTheExpand() throws IOException {
        LintReport report = lint("V1__seed.sql", """
                CREATE TABLE countries (code CHAR(2) PRIMARY KEY);
                INSERT INTO countries VALUES ('NL');
                """);

        assertThat(report.findings()).extracting(LintFinding::ruleId).containsExactly("TL210");
        assertThat(report.hasErrors()).isFalse();
    }

    @Test
    void theExceptionCarriesTheReport() throws IOException {
        LintReport report = lint("V2__drop.sql", "ALTER TABLE customers DROP COLUMN legacy_code;\n");

        LintException exception = new LintException(report);

        assertThat(exception).isInstanceOf(TandemException.class);
        assertThat(exception.report()).isSameAs(report);
        assertThat(exception.getMessage()).contains("-- tandem:accept <rule id> <reason>")
                .endsWith(report.render());
    }

    @Test
    void stepsOtherThanWrittenSqlAreSafeByConstruction() {
        Step operationStep = new Step() {
            @Override
            public String description() {
                return "add_column customers.email";
            }

            @Override
            public void apply(StepContext context, boolean resumed) {
            }
        };
        Step dropColumn = new SqlStep("V2__x.yaml", new ParsedStatement("ALTER TABLE t DROP COLUMN c", 4));

        assertThat(linter.lintPhases(phase -> phase == Phase.EXPAND ? List.of(operationStep, dropColumn) : List.of()))
                .extracting(LintFinding::ruleId).containsExactly("TL101");
    }

    @Test
    void executableCommentsCountForTheirServer() {
        Step step = new SqlStep("V2__x.sql", new ParsedStatement(
                "ALTER TABLE customers ADD COLUMN a INT NULL /*M!, DROP COLUMN b */", 1));

        assertThat(new Linter(SQLDialect.MARIADB).lintPhases(phase -> phase == Phase.EXPAND ? List.of(step) : List.of()))
                .extracting(LintFinding::ruleId).containsExactly("TL101");
        assertThat(new Linter(SQLDialect.MYSQL).lintPhases(phase -> phase == Phase.EXPAND ? List.of(step) : List.of()))
                .isEmpty();
    }

    @Test
    void onlyMySqlAndMariaDbAreLinted() {
        assertThatThrownBy(() -> new Linter(SQLDialect.POSTGRES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MySQL or MariaDB");
        assertThat(new Linter(SQLDialect.MARIADB)).isNotNull();
    }
}
