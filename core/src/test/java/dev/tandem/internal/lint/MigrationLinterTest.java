package dev.tandem.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.LintFinding;
import dev.tandem.LintFinding.Severity;
import dev.tandem.LintReport;
import dev.tandem.internal.script.LineSplitter;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.internal.script.OperationTypes;
import dev.tandem.internal.script.SqlStep;
import dev.tandem.spi.LintRuleId;
import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.Phase;
import dev.tandem.spi.ScriptLinter;
import dev.tandem.spi.ScriptStatement;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What core hands a dialect's linter, and how it gathers the findings; the linter is a stand-in. */
class MigrationLinterTest {

    private static final LintRuleId DROP_COLUMN = new LintRuleId("TL101", "drop-column");
    private static final LintRuleId DROP_TABLE = new LintRuleId("TL106", "drop-table");

    @TempDir
    Path dir;

    /** A linter that reports every statement it gets as an error of {@link #DROP_COLUMN}. */
    private static final class EveryStatementIsAnError implements ScriptLinter {

        final List<Map<Phase, List<ScriptStatement>>> calls = new ArrayList<>();

        @Override
        public List<LintFinding> lint(Map<Phase, List<ScriptStatement>> statements) {
            calls.add(statements);
            return statements.values().stream().flatMap(List::stream)
                    .map(s -> new LintFinding(DROP_COLUMN.id(), DROP_COLUMN.name(), Severity.ERROR, s.script(),
                            s.statement().line(), s.statement().oneLine(), "drops a column", "drop_column",
                            s.acceptedReason(DROP_COLUMN.id())))
                    .toList();
        }
    }

    private static Step operationStep() {
        return new Step() {
            @Override
            public String description() {
                return "add_column customers.email";
            }

            @Override
            public void apply(StepContext context, boolean resumed) {
            }
        };
    }

    @Test
    void onlyWrittenSqlReachesTheLinterPhaseByPhase() {
        SqlStep expand = new SqlStep("V2__x.yaml", new ParsedStatement("ALTER TABLE t DROP COLUMN c", 4));
        SqlStep contract = new SqlStep("V2__x.yaml", new ParsedStatement("DROP TABLE old", 9));

        Map<Phase, List<ScriptStatement>> statements = MigrationLinter.writtenSql(phase -> switch (phase) {
            case EXPAND -> List.of(operationStep(), expand);
            case CONTRACT -> List.of(contract, operationStep());
            default -> List.of(operationStep());
        });

        assertThat(statements.get(Phase.EXPAND)).extracting(ScriptStatement::script, s -> s.statement().line())
                .containsExactly(tuple("V2__x.yaml", 4));
        assertThat(statements.get(Phase.CONTRACT)).extracting(s -> s.statement().sql()).containsExactly("DROP TABLE old");
        assertThat(statements.get(Phase.BACKFILL)).isEmpty();
        assertThat(statements.get(Phase.ROLLBACK)).isEmpty();
    }

    @Test
    void theLinterSeesWhatTheScriptAcceptsTheFirstReasonOfARuleCounting() {
        SqlStep step = new SqlStep("V2__x.sql", new ParsedStatement("ALTER TABLE t DROP COLUMN c", 3), List.of(
                new Acceptance(DROP_COLUMN, "unused since v1"), new Acceptance(DROP_TABLE, "replaced in V1"),
                new Acceptance(DROP_COLUMN, "a second reason")));

        ScriptStatement statement = MigrationLinter.writtenSql(phase -> phase == Phase.EXPAND ? List.of(step) : List.of())
                .get(Phase.EXPAND).get(0);

        assertThat(statement.acceptedReasons()).containsExactlyInAnyOrderEntriesOf(
                Map.of("TL101", "unused since v1", "TL106", "replaced in V1"));
        assertThat(statement.acceptedReason("TL102")).isNull();
    }

    @Test
    void oneReportGathersEveryMigrationInVersionOrderEachLintedOnItsOwn() throws IOException {
        Files.writeString(dir.resolve("V2__two.sql"), "ALTER TABLE t DROP COLUMN b;\n");
        Files.writeString(dir.resolve("V1__one.sql"), """
                -- tandem:accept TL101 nobody reads a
                ALTER TABLE t DROP COLUMN a;
                """);
        ClassLoader loader = getClass().getClassLoader();
        MigrationCatalog catalog = MigrationCatalog.scan(List.of("filesystem:" + dir), loader, new LineSplitter(),
                OperationTypes.discover(loader, List.of(DROP_COLUMN, DROP_TABLE)));
        EveryStatementIsAnError linter = new EveryStatementIsAnError();

        LintReport report = new MigrationLinter(linter).lint(catalog.all());

        assertThat(linter.calls).as("one call per migration: a table created by one expand is new only to it")
                .hasSize(2);
        assertThat(report.findings()).extracting(LintFinding::script, LintFinding::line, LintFinding::acceptedReason)
                .containsExactly(tuple("V1__one.sql", 2, "nobody reads a"), tuple("V2__two.sql", 1, null));
        assertThat(report.hasErrors()).as("V2's error is not accepted").isTrue();
        assertThat(report.render()).endsWith("1 error, 0 warnings, 1 accepted");
    }
}
