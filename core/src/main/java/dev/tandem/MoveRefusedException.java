package dev.tandem;

import java.util.List;

/**
 * A move step that must not run as things are: a check of the servers failed, the last verification is too
 * old, replication is not healthy. Nothing was changed.
 */
public class MoveRefusedException extends TandemException {

    private final transient List<MoveProblem> problems;

    public MoveRefusedException(String message, List<MoveProblem> problems) {
        super(message + (problems.isEmpty() ? "" : problems.stream().map(p -> "\n  - " + p).reduce("", String::concat)));
        this.problems = List.copyOf(problems);
    }

    public MoveRefusedException(String message) {
        this(message, List.of());
    }

    /** The problems found, when a check of the servers refused. */
    public List<MoveProblem> problems() {
        return problems;
    }
}
