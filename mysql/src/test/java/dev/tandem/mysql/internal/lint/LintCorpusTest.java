package dev.tandem.mysql.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.LintFinding;
import dev.tandem.spi.ParsedStatement;
import dev.tandem.spi.Phase;
import dev.tandem.spi.ScriptStatement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The statements of {@code lint/corpus.txt}, safe and unsafe, each linted for MySQL and for MariaDB. */
class LintCorpusTest {

    /** One entry: the statements of one phase of a migration and the rule ids expected of them. */
    record Entry(String title, int line, Phase phase, List<String> expected, List<String> statements) {
        @Override
        public String toString() {
            return "line " + line + ": " + title;
        }
    }

    static List<Entry> corpus() throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> lines;
        try (InputStream in = LintCorpusTest.class.getResourceAsStream("/lint/corpus.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("== ")) {
                continue;
            }
            String[] header = lines.get(i).substring(3).split("\\|");
            List<String> statements = new ArrayList<>();
            StringBuilder statement = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).startsWith("== "); j++) {
                if (lines.get(j).equals("---")) {
                    statements.add(statement.toString().strip());
                    statement.setLength(0);
                } else {
                    statement.append(lines.get(j)).append('\n');
                }
            }
            statements.add(statement.toString().strip());
            String expected = header[1].strip();
            entries.add(new Entry(header[2].strip(), i + 1, Phase.valueOf(header[0].strip().toUpperCase(Locale.ROOT)),
                    expected.equals("clean") ? List.of() : Arrays.stream(expected.split("\\s+")).sorted().toList(), statements));
            i = j - 1;
        }
        return entries;
    }

    static Stream<Arguments> entriesForBothDialects() throws IOException {
        return corpus().stream().flatMap(e -> Stream.of(Arguments.of(SQLDialect.MYSQL, e), Arguments.of(SQLDialect.MARIADB, e)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("entriesForBothDialects")
    void reportsExactlyTheExpectedRules(SQLDialect dialect, Entry entry) {
        List<ScriptStatement> statements = entry.statements().stream()
                .map(sql -> new ScriptStatement("corpus.txt", new ParsedStatement(sql, entry.line()), Map.of())).toList();

        List<LintFinding> findings = new Linter(dialect).lint(Map.of(entry.phase(), statements));

        assertThat(findings.stream().map(LintFinding::ruleId).sorted().toList())
                .as(findings.stream().map(LintFinding::render).collect(Collectors.joining("\n")))
                .isEqualTo(entry.expected());
    }

    @Test
    void theCorpusIsLargeAndExercisesEveryRule() throws IOException {
        List<Entry> entries = corpus();

        assertThat(entries).hasSizeGreaterThanOrEqualTo(40);
        assertThat(entries).filteredOn(e -> e.expected().isEmpty()).hasSizeGreaterThanOrEqualTo(15);
        assertThat(entries.stream().flatMap(e -> e.expected().stream()).distinct())
                .containsExactlyInAnyOrder(Arrays.stream(LintRule.values()).map(LintRule::id).toArray(String[]::new));
    }
}
