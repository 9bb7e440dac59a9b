package dev.tandem;

import java.util.List;

/**
 * Every migration the database or this app knows, in version order, with where each stands and the
 * verdict of its gates; and the live instances of the fleet.
 */
public record TandemStatus(List<MigrationStatus> migrations, List<InstanceStatus> instances,
                           List<BackfillProgress> backfills) {

    /** A table for humans. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(String.format("%-10s %-12s %-6s %-30s %s%n", "version", "state", "known",
                "description", "contract gate"));
        for (MigrationStatus m : migrations) {
            out.append(String.format("%-10s %-12s %-6s %-30s %s%n", m.version(), m.state(), m.known() ? "yes" : "no",
                    m.description(), m.contractGate()));
            if (m.failure() != null) {
                out.append("           failed: ").append(m.failure()).append(System.lineSeparator());
            }
        }
        for (BackfillProgress b : backfills) {
            out.append("backfill ").append(b).append(System.lineSeparator());
        }
        out.append(instances.size()).append(" live instance(s)").append(System.lineSeparator());
        for (InstanceStatus i : instances) {
            out.append("  ").append(i.describe()).append(", knows up to ").append(i.highestKnown())
                    .append(System.lineSeparator());
        }
        return out.toString();
    }
}
