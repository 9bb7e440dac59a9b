package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.cli.Cli.Result;
import dev.tandem.cli.LintFinding.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code lint}: parse errors, the findings of the rules, exit codes and JSON; no database anywhere. */
class LintCommandTest {

    private static final String GOOD = """
            -- tandem:expand
            ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
            -- tandem:rollback
            ALTER TABLE customers DROP COLUMN email;
            """;

    private static final LintFinding ERROR = new LintFinding("blocking-ddl", Severity.ERROR, "V2__email.sql", 2,
            "ALTER TABLE ... ALGORITHM=COPY blocks writes", "drop the ALGORITHM clause", null);
    private static final LintFinding WARNING = new LintFinding("no-rollback", Severity.WARNING, "V3__x.sql", 0,
            "no rollback section", "add -- tandem:rollback", null);
    private static final LintFinding ACCEPTED = new LintFinding("blocking-ddl", Severity.ERROR, "V4__y.sql", 3,
            "ALTER TABLE ... LOCK=SHARED blocks writes", null, "tiny table, agreed in review");

    @Test
    void scriptsThatDoNotParseAreErrorsAndTheRulesWaitForThem() throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__ok.sql", GOOD)
                .write("V2__bad.sql", "-- tandem:expand\nALTER TABLE t ADD COLUMN c INT;\n-- tandem:explode\nSELECT 1;\n")
                .write("V3__bad.yaml", "operations:\n  - frobnicate: {table: t}\n");
        Result result = Cli.withLinter((dir, splitter, dialect) -> {
            throw new AssertionError("the rules run only on scripts that parse");
        }).execute("lint", scripts.path(), "--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.LINT_FINDINGS);
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertThat(report.get("errors").asInt()).isEqualTo(2);
        assertThat(report.get("findings")).hasSize(2);
        JsonNode first = report.get("findings").get(0);
        assertThat(first.get("ruleId").asText()).isEqualTo("parse");
        assertThat(first.get("severity").asText()).isEqualTo("ERROR");
        assertThat(first.get("file").asText()).isEqualTo("V2__bad.sql");
        assertThat(first.get("line").asInt()).isEqualTo(3);
        assertThat(first.get("message").asText()).startsWith("'-- tandem:explode' is not a section marker");
        assertThat(report.get("findings").get(1).get("file").asText()).isEqualTo("V3__bad.yaml");
    }

    @Test
    void theCoreRulesFindWhatBreaksOldCodeInBothDialects() {
        ScriptFolder scripts = new ScriptFolder().write("V1__ok.sql", GOOD);
        assertThat(Cli.run("lint", scripts.path()).exitCode()).as("an additive expand is clean").isEqualTo(ExitCodes.OK);

        scripts.write("V2__drop.sql", "-- tandem:expand\nALTER TABLE customers DROP COLUMN name;\n");
        for (String dialect : List.of("mysql", "mariadb")) {
            Result result = Cli.run("lint", scripts.path(), "--dialect", dialect);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.LINT_FINDINGS);
            assertThat(result.out()).contains("V2__drop.sql:2: error [TL101 drop-column]").contains("fix: drop_column");
        }
        assertThat(Cli.run("lint", scripts.path(), "--dialect", "oracle").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void errorsFailTheLintButAcceptedOnesDoNot() throws Exception {
        ScriptFolder scripts = new ScriptFolder().write("V1__ok.sql", GOOD);
        Result text = Cli.withLinter((dir, splitter, dialect) -> List.of(ERROR, WARNING, ACCEPTED)).execute("lint", scripts.path());
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCodes.LINT_FINDINGS);
        assertThat(text.out()).contains("V2__email.sql:2: error [blocking-ddl] ALTER TABLE ... ALGORITHM=COPY blocks writes\n"
                        + "    fix: drop the ALGORITHM clause")
                .contains("V3__x.sql: warning [no-rollback] no rollback section")
                .contains("    accepted: tiny table, agreed in review")
                .contains("1 error(s), 1 warning(s), 1 accepted, in " + scripts.path());

        Result json = Cli.withLinter((dir, splitter, dialect) -> List.of(ACCEPTED)).execute("lint", scripts.path(), "--json");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.OK);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("accepted").asInt()).isEqualTo(1);
        assertThat(report.get("findings").get(0).get("acceptedReason").asText()).isEqualTo("tiny table, agreed in review");
    }

    @Test
    void warningsFailOnlyAStrictLint() {
        ScriptFolder scripts = new ScriptFolder().write("V1__ok.sql", GOOD);
        Cli cli = Cli.withLinter((dir, splitter, dialect) -> List.of(WARNING));
        assertThat(cli.execute("lint", scripts.path()).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cli.execute("lint", scripts.path(), "--strict").exitCode()).isEqualTo(ExitCodes.LINT_FINDINGS);
    }

    @Test
    void aMissingDirectoryIsAUsageError() {
        Result result = Cli.run("lint", "/no/such/dir");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("No directory /no/such/dir");
    }
}
