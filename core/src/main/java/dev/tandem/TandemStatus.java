package dev.tandem;

import java.util.List;

/**
 * Every migration the database or this app knows, in version order, with where each stands and the
 * verdict of its gates; and the live instances of the fleet.
 *
 * @param missingTables Tandem's tables and Flyway's history table that the schema does not have, by name:
 *                      all of them on a schema Tandem has not run on (its migrations then show as PENDING),
 *                      none once it ran. {@link Tandem#status()} only reads, so it reports them rather than
 *                      creating them.
 * @param replacedTables the tables copies replaced that are still in the schema: until their migration's
 *                      contract, or until the operator drops them where the contract kept them
 *                      ({@link TandemConfiguration#keepReplacedTables})
 */
public record TandemStatus(List<MigrationStatus> migrations, List<InstanceStatus> instances,
                           List<BackfillProgress> backfills, List<String> missingTables,
                           List<ReplacedTable> replacedTables) {

    /** A status without replaced tables (as before they were reported). */
    public TandemStatus(List<MigrationStatus> migrations, List<InstanceStatus> instances,
                        List<BackfillProgress> backfills, List<String> missingTables) {
        this(migrations, instances, backfills, missingTables, List.of());
    }

    /** A table for humans. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (!missingTables.isEmpty()) {
            out.append("not in the schema yet: ").append(String.join(", ", missingTables)).append(System.lineSeparator());
        }
        out.append(String.format("%-10s %-12s %-6s %-30s %s%n", "version", "state", "known",
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
        for (ReplacedTable r : replacedTables) {
            out.append("replaced table ").append(r).append(System.lineSeparator());
        }
        out.append(instances.size()).append(" live instance(s)").append(System.lineSeparator());
        for (InstanceStatus i : instances) {
            out.append("  ").append(i.describe()).append(", knows up to ").append(i.highestKnown())
                    .append(System.lineSeparator());
        }
        return out.toString();
    }
}
