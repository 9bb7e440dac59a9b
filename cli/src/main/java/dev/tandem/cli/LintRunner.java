package dev.tandem.cli;

import dev.tandem.spi.Dialect;
import dev.tandem.spi.ScriptLinter;
import java.nio.file.Path;
import java.util.List;

/** The lint rules, run over a directory of scripts that parse; {@code lint} reports what they find. */
interface LintRunner {

    /**
     * Every finding in the scripts of {@code dir}, read as {@code dialect} reads scripts and checked by
     * {@code linter}.
     */
    List<LintFinding> lint(Path dir, Dialect dialect, ScriptLinter linter);
}
