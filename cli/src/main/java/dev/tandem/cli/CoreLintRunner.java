package dev.tandem.cli;

import dev.tandem.internal.lint.Linter;
import dev.tandem.spi.StatementSplitter;
import java.nio.file.Path;
import java.util.List;
import org.jooq.SQLDialect;

/** The core's lint rules ({@code dev.tandem.internal.lint}), their findings as {@code lint} reports them. */
final class CoreLintRunner implements LintRunner {

    @Override
    public List<LintFinding> lint(Path dir, StatementSplitter splitter, SQLDialect dialect) {
        return new Linter(dialect).lintDirectory(dir, splitter).findings().stream()
                .map(f -> new LintFinding(f.ruleId() + " " + f.rule().ruleName(),
                        LintFinding.Severity.valueOf(f.severity().name()), f.script(), f.line(),
                        f.message() + ": " + f.statement(), f.fix(), f.acceptedReason()))
                .toList();
    }
}
