package dev.tandem.cli;

import dev.tandem.TandemException;
import dev.tandem.spi.StatementSplitter;
import java.nio.file.Path;
import java.util.List;

/**
 * The lint rules of the core's {@code dev.tandem.lint} package. That package is not part of this
 * build, so this runner says that no rule was checked, and {@code lint} fails, rather than report a
 * clean result for scripts it never checked. (The scripts were parsed before it is called.)
 */
final class CoreLintRunner implements LintRunner {

    @Override
    public List<LintFinding> lint(Path dir, StatementSplitter splitter) {
        throw new TandemException("The scripts in " + dir + " parse, but this build of tandem has no lint rules"
                + " (dev.tandem.lint): no rule was checked.");
    }
}
