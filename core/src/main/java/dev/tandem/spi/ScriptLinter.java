package dev.tandem.spi;

import dev.tandem.LintFinding;
import java.util.List;
import java.util.Map;

/**
 * A dialect's check of the SQL written in migration scripts, without a database: in expand, what breaks
 * app versions that still run is an error; what blocks writes or copies a table is a warning. Operations
 * other than written SQL are safe by construction and never reach it. See docs/lint.md.
 */
public interface ScriptLinter {

    /**
     * The findings of one migration, in line order; {@code statements} holds its written SQL phase by
     * phase (a table the expand creates is new to every running app version, so changing it later in
     * the same expand breaks nothing).
     */
    List<LintFinding> lint(Map<Phase, List<ScriptStatement>> statements);
}
