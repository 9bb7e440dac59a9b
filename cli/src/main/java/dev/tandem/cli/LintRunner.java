package dev.tandem.cli;

import dev.tandem.spi.StatementSplitter;
import java.nio.file.Path;
import java.util.List;

/** The lint rules, run over a directory of scripts that parse; {@code lint} reports what they find. */
interface LintRunner {

    /**
     * Every finding in the scripts of {@code dir}, split into statements with {@code splitter} and read
     * as SQL of {@code dialect}.
     */
    List<LintFinding> lint(Path dir, StatementSplitter splitter, org.jooq.SQLDialect dialect);
}
