package dev.tandem;

import java.util.List;

/** A contract or rollback was refused by its gate; {@link #reasons()} names every blocker. */
public class GateRefusedException extends TandemException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> reasons;

    public GateRefusedException(String what, List<String> reasons) {
        super(what + " refused:\n  - " + String.join("\n  - ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
