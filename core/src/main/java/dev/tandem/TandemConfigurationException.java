package dev.tandem;

import java.util.List;

/**
 * The configuration given to {@link TandemConfiguration} is wrong: thrown by {@link TandemConfiguration#load()},
 * which checks every option at once, before anything connects. The message says each problem and its fix.
 */
public final class TandemConfigurationException extends TandemException {

    private final List<String> problems;

    TandemConfigurationException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : "The configuration has " + problems.size() + " problems:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence each. */
    public List<String> problems() {
        return problems;
    }
}
