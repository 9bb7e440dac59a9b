package dev.tandem.cli;

import dev.tandem.BackfillProgress;
import dev.tandem.GateVerdict;
import dev.tandem.InstanceStatus;
import dev.tandem.MigrationStatus;
import dev.tandem.ReplacedTable;
import dev.tandem.TandemStatus;
import java.io.PrintWriter;
import java.util.List;

/** {@code status} and {@code instances} for people. */
final class StatusText {

    private StatusText() {
    }

    static void print(TandemStatus status, PrintWriter out) {
        if (status.migrations().isEmpty()) {
            out.println("No migrations: the database records none and the locations hold none.");
        } else {
            out.println("Migrations:");
            for (MigrationStatus m : status.migrations()) {
                printMigration(m, out);
            }
        }
        if (!status.backfills().isEmpty()) {
            out.println("Backfills:");
            for (BackfillProgress b : status.backfills()) {
                out.println("  " + b);
            }
        }
        printReplacedTables(status.replacedTables(), out);
        printInstances(status.instances(), out);
    }

    /** The tables copies replaced: each migration's contract drops its own, unless it kept it for the operator. */
    private static void printReplacedTables(List<ReplacedTable> replaced, PrintWriter out) {
        if (replaced.isEmpty()) {
            return;
        }
        out.println("Tables copies replaced (a migration's contract drops its own, unless told to keep it for you):");
        for (ReplacedTable r : replaced) {
            out.println("  " + r);
        }
    }

    private static void printMigration(MigrationStatus m, PrintWriter out) {
        out.println("  " + m.version() + "  " + m.state() + "  " + m.script() + (m.known() ? "" : "  (not in the locations)"));
        if (m.phase() != null) {
            out.println("      phase " + m.phase().scriptName() + ", " + m.stepsDone() + " step(s) done"
                    + (m.expandedAt() == null ? "" : ", expanded " + m.expandedAt())
                    + (m.contractedAt() == null ? "" : ", contracted " + m.contractedAt()));
        }
        if (m.failure() != null) {
            out.println("      failed: " + m.failure());
        }
        printGate("contract", m.contractGate(), out);
        printGate("rollback", m.rollbackGate(), out);
    }

    private static void printGate(String name, GateVerdict gate, PrintWriter out) {
        out.println("      " + name + " gate: " + (gate.open() ? "open" : "closed"));
        for (String reason : gate.reasons()) {
            out.println("        - " + reason);
        }
    }

    static void printInstances(List<InstanceStatus> instances, PrintWriter out) {
        if (instances.isEmpty()) {
            out.println("No live instances.");
            return;
        }
        out.println("Live instances: " + instances.size());
        Table table = new Table("ID", "APP", "HOST", "PID", "KNOWS UP TO", "STARTED", "LAST HEARTBEAT");
        for (InstanceStatus i : instances) {
            table.row(i.id(), i.appVersion(), i.host(), i.pid(), i.highestKnown(), i.startedAt(), i.heartbeatAt());
        }
        table.print(out, "  ");
    }
}
