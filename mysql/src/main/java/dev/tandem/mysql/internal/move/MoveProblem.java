package dev.tandem.mysql.internal.move;

/**
 * Something wrong with a server for a move, found before it starts.
 *
 * @param server   {@code source} or {@code target}
 * @param severity an {@link Severity#ERROR} stops the move; a {@link Severity#WARNING} is for the operator to weigh
 * @param what     what is wrong, with the values found
 * @param fix      what to do about it
 */
public record MoveProblem(String server, Severity severity, String what, String fix) {

    public enum Severity { ERROR, WARNING }

    static MoveProblem error(String server, String what, String fix) {
        return new MoveProblem(server, Severity.ERROR, what, fix);
    }

    static MoveProblem warning(String server, String what, String fix) {
        return new MoveProblem(server, Severity.WARNING, what, fix);
    }

    @Override
    public String toString() {
        return severity + " (" + server + "): " + what + " Fix: " + fix;
    }
}
