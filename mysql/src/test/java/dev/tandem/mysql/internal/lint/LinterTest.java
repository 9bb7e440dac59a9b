package dev.tandem.mysql.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.LintException;
import dev.tandem.LintFinding;
import dev.tandem.LintFinding.Severity;
import dev.tandem.LintReport;
import dev.tandem.TandemException;
import dev.tandem.internal.lint.MigrationLinter;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.internal.script.OperationTypes;
import dev.tandem.mysql.internal.MySqlDialect;
import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.Phase;
import dev.tandem.spi.ScriptStatement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linter over script files: phases, accepts, the report and its rendering. */
class LinterTest {

    @TempDir
    Path dir;

    private final Linter linter = new Linter(SQLDialect.MYSQL);

    /** Lints the scripts of {@link #dir} after writing {@code file}, read as the engine reads them. */
    private LintReport lint(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
        ClassLoader loader = getClass().getClassLoader();
        MigrationCatalog catalog = MigrationCatalog.scan(List.of("filesystem:" + dir), loader,
                new MySqlDialect().statementSplitter(), OperationTypes.discover(loader, LintRule.catalogue()));
        return new MigrationLinter(linter).lint(catalog.all());
    }

    /** The findings of one statement written in an expand section. */
    private static List<LintFinding> lintExpand(Linter linter, ParsedStatement statement) {
        return linter.lint(Map.of(Phase.EXPAND, List.of(new ScriptStatement("V2__x.sql", statement, Map.of()))));
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
            assertThat(f.ruleId()).isEqualTo(LintRule.DROP_COLUMN.id());
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
    void stepsOtherThanWrittenSqlAreSafeByConstruction() throws IOException {
        LintReport report = lint("V2__x.yaml", """
                operations:
                  - add_column: {table: customers, column: email, type: VARCHAR(200)}
                  - drop_column: {table: customers, column: legacy_code}
                  - sql:
                      expand: ALTER TABLE t DROP COLUMN c
                """);

        assertThat(report.findings()).extracting(LintFinding::ruleId, LintFinding::line).containsExactly(tuple("TL101", 5));
    }

    @Test
    void executableCommentsCountForTheirServer() {
        ParsedStatement statement = new ParsedStatement(
                "ALTER TABLE customers ADD COLUMN a INT NULL /*M!, DROP COLUMN b */", 1);

        assertThat(lintExpand(new Linter(SQLDialect.MARIADB), statement)).extracting(LintFinding::ruleId)
                .containsExactly("TL101");
        assertThat(lintExpand(new Linter(SQLDialect.MYSQL), statement)).isEmpty();
    }

    @Test
    void onlyMySqlAndMariaDbAreLinted() {
        assertThatThrownBy(() -> new Linter(SQLDialect.POSTGRES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MySQL or MariaDB");
        assertThat(new Linter(SQLDialect.MARIADB)).isNotNull();
    }
}
