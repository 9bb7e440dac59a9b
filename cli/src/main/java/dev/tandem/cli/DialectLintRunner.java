package dev.tandem.cli;

import dev.tandem.internal.lint.MigrationLinter;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.ScriptLinter;
import java.nio.file.Path;
import java.util.List;

/** The dialect's lint rules, reached through the SPI, their findings as {@code lint} reports them. */
final class DialectLintRunner implements LintRunner {

    @Override
    public List<LintFinding> lint(Path dir, Dialect dialect, ScriptLinter linter) {
        return new MigrationLinter(linter).lint(Scripts.scan(List.of("filesystem:" + dir.toAbsolutePath()), dialect).all())
                .findings().stream()
                .map(f -> new LintFinding(f.rule(), LintFinding.Severity.valueOf(f.severity().name()), f.script(), f.line(),
                        f.message() + ": " + f.statement(), f.fix(), f.acceptedReason()))
                .toList();
    }
}
