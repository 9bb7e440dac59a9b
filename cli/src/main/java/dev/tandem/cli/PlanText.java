package dev.tandem.cli;

import dev.tandem.cli.Plan.PlannedMigration;
import dev.tandem.cli.Plan.PlannedPhase;
import dev.tandem.cli.Plan.PlannedStep;
import java.io.PrintWriter;
import java.util.List;

/** {@code plan} for people: per migration and phase, each step and the exact SQL it runs. */
final class PlanText {

    private static final String SQL_INDENT = "         ";

    private PlanText() {
    }

    static void print(Plan plan, PrintWriter out) {
        out.println("Plan against " + plan.database() + ", scripts in " + String.join(", ", plan.locations()) + ".");
        if (plan.migrations().isEmpty()) {
            out.println("Nothing pending: every migration in the locations is ready.");
            return;
        }
        out.println(plan.migrations().size() + " migration(s) not yet ready. Nothing was run.");
        for (PlannedMigration m : plan.migrations()) {
            out.println();
            out.println("Migration " + m.version() + " (" + m.script() + "): " + m.state());
            if (m.note() != null) {
                out.println("  " + m.note());
            }
            if (m.failure() != null) {
                out.println("  failed: " + m.failure());
            }
            if (!m.checks().isEmpty()) {
                out.println("  checks before the expand (read only):");
                printSteps(m.checks(), out);
            }
            for (PlannedPhase phase : m.phases()) {
                out.println("  " + phase.phase().scriptName() + ", run by " + phase.runBy() + ":");
                if (phase.steps().isEmpty()) {
                    out.println("    (no steps)");
                }
                printSteps(phase.steps(), out);
            }
        }
    }

    private static void printSteps(List<PlannedStep> steps, PrintWriter out) {
        for (PlannedStep step : steps) {
            out.println(String.format("    %2d. ", step.number()) + place(step) + (step.done() ? "  [done]" : ""));
            if (step.sql() != null) {
                out.println(SQL_INDENT + step.sql().strip().replace("\n", "\n" + SQL_INDENT));
            }
            if (step.runtimeNote() != null) {
                out.println(SQL_INDENT + "-- " + step.runtimeNote());
            }
            if (step.choice() != null) {
                out.println(SQL_INDENT + "-- as the schema is now: " + step.choice());
            }
        }
    }

    /**
     * The step's description, without the SQL on one line that a script statement's description ends
     * with: the SQL follows in full.
     */
    private static String place(PlannedStep step) {
        if (step.sql() == null) {
            return step.description();
        }
        String repeated = ": " + step.sql().replaceAll("\\s+", " ").strip();
        String description = step.description();
        return description.endsWith(repeated) ? description.substring(0, description.length() - repeated.length())
                : description;
    }
}
