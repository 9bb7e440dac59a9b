package dev.tandem.mysql.internal.move;

import java.util.List;

/**
 * Tables a copy took from one snapshot of the source, and the source's binary log position of that
 * snapshot: the position from which replication must apply those tables' changes.
 */
public record CopiedSnapshot(BinlogPosition position, List<String> tables) implements Comparable<CopiedSnapshot> {

    public CopiedSnapshot {
        tables = List.copyOf(tables);
    }

    @Override
    public int compareTo(CopiedSnapshot other) {
        return position.compareTo(other.position);
    }
}
