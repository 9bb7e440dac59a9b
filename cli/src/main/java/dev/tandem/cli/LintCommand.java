package dev.tandem.cli;

import dev.tandem.ScriptException;
import dev.tandem.cli.LintFinding.Severity;
import dev.tandem.internal.script.Migration;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.spi.Dialect;
import dev.tandem.spi.ScriptLinter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tandem lint <dir>}: checks scripts before they ship; needs no database. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        header = "Check the scripts of a directory before they ship; no database needed.",
        description = "Checks that each script parses, then the lint rules. Exit code " + ExitCodes.LINT_FINDINGS
                + " when it finds errors (with --strict, also warnings) that the scripts do not accept.")
final class LintCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory of scripts.")
    private Path dir;

    @Mixin
    private OutputOptions output;

    @Option(names = "--strict", description = "Fail on warnings too.")
    private boolean strict;

    @Option(names = "--dialect", defaultValue = "mysql", paramLabel = "mysql|mariadb",
            description = "The server the scripts are for; their SQL is read in its dialect (default: ${DEFAULT-VALUE}).")
    private String sqlDialect;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "No directory " + dir.toAbsolutePath());
        }
        Dialect dialect = Scripts.dialect();
        List<LintFinding> findings = parseProblems(dialect);
        if (findings.isEmpty()) {
            findings = Invocation.of(spec).linter().lint(dir, dialect, scriptLinter(dialect));
        }
        LintSummary summary = LintSummary.of(dir.toString(), findings);
        output.print(summary, LintCommand::print);
        return summary.errors() > 0 || (strict && summary.warnings() > 0) ? ExitCodes.LINT_FINDINGS : ExitCodes.OK;
    }

    /** The dialect's linter for the SQL {@code --dialect} names; another name is a usage error. */
    private ScriptLinter scriptLinter(Dialect dialect) {
        try {
            return dialect.linter(sqlDialect);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dialect is " + String.join(" or ", dialect.lintFlavors())
                    + ", not '" + sqlDialect + "'");
        }
    }

    /** One finding per script that does not parse (the rules need parsed scripts, so they wait for a fix). */
    private List<LintFinding> parseProblems(Dialect dialect) {
        MigrationCatalog catalog;
        try {
            catalog = Scripts.scan(List.of("filesystem:" + dir.toAbsolutePath()), dialect);
        } catch (ScriptException e) {
            return List.of(parseProblem(e)); // e.g. two scripts with one version
        }
        List<LintFinding> problems = new ArrayList<>();
        for (Migration migration : catalog.all()) {
            try {
                migration.parse();
            } catch (ScriptException e) {
                problems.add(parseProblem(e));
            }
        }
        return problems;
    }

    private static LintFinding parseProblem(ScriptException e) {
        // The message starts with the file and line, which the finding carries on their own.
        String where = e.script() + (e.line() > 0 ? " line " + e.line() : "") + ": ";
        String problem = e.getMessage().startsWith(where) ? e.getMessage().substring(where.length()) : e.getMessage();
        return new LintFinding("parse", Severity.ERROR, e.script(), e.line(), problem, null, null);
    }

    private static void print(LintSummary summary, PrintWriter out) {
        for (LintFinding f : summary.findings()) {
            out.println(f.file() + (f.line() > 0 ? ":" + f.line() : "") + ": " + f.severity().name().toLowerCase(Locale.ROOT)
                    + " [" + f.ruleId() + "] " + f.message());
            if (f.fix() != null) {
                out.println("    fix: " + f.fix());
            }
            if (f.acceptedReason() != null) {
                out.println("    accepted: " + f.acceptedReason());
            }
        }
        out.println(summary.findings().isEmpty() ? "No findings in " + summary.directory() + "."
                : summary.errors() + " error(s), " + summary.warnings() + " warning(s), " + summary.accepted()
                + " accepted, in " + summary.directory() + ".");
    }
}
