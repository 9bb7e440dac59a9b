package dev.tandem;

import java.util.List;

/** Every migration the database or this app knows, in version order, with where each stands. */
public record TandemStatus(List<MigrationStatus> migrations) {

    /** A table for humans. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(String.format("%-10s %-12s %-6s %s%n", "version", "state", "known", "description"));
        for (MigrationStatus m : migrations) {
            out.append(String.format("%-10s %-12s %-6s %s%s%n", m.version(), m.state(), m.known() ? "yes" : "no",
                    m.description(), m.failure() == null ? "" : "  [failed: " + m.failure() + "]"));
        }
        return out.toString();
    }
}
