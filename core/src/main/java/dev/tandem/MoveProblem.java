package dev.tandem;

/**
 * Something wrong with a server for a move, found before it starts ({@code tandem move prepare}).
 *
 * @param server   {@code source} or {@code target}
 * @param severity an {@link Severity#ERROR} stops the move; a {@link Severity#WARNING} is for the operator to weigh
 * @param what     what is wrong, with the values found
 * @param fix      what to do about it
 */
public record MoveProblem(String server, Severity severity, String what, String fix) {

    public enum Severity { ERROR, WARNING }

    /** A problem that stops the move. */
    public static MoveProblem error(String server, String what, String fix) {
        return new MoveProblem(server, Severity.ERROR, what, fix);
    }

    /** A problem for the operator to weigh. */
    public static MoveProblem warning(String server, String what, String fix) {
        return new MoveProblem(server, Severity.WARNING, what, fix);
    }

    @Override
    public String toString() {
        return severity + " (" + server + "): " + what + " Fix: " + fix;
    }
}
