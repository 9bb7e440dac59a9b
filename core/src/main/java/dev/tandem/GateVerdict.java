package dev.tandem;

import java.util.List;

/**
 * Whether a gate lets a migration through, and if not, every reason why (each blocking instance
 * named).
 */
public record GateVerdict(boolean open, List<String> reasons) {

    public static GateVerdict opened() {
        return new GateVerdict(true, List.of());
    }

    public static GateVerdict closed(List<String> reasons) {
        return new GateVerdict(false, List.copyOf(reasons));
    }

    @Override
    public String toString() {
        return open ? "open" : "closed: " + String.join("; ", reasons);
    }
}
