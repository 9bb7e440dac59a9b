package dev.tandem.spi;

/**
 * An application instance's answer to a cut-over's epoch, in {@code tandem_move_acks}.
 *
 * @param moveId     the move
 * @param instanceId the instance (as in the fleet registry)
 * @param epoch      the cut-over attempt answered
 * @param status     what the instance did
 * @param detail     why it cannot follow, or how many connections were still lent when it acknowledged
 */
public record MoveAck(String moveId, String instanceId, long epoch, Status status, String detail) {

    /** What an instance did for an epoch. */
    public enum Status {
        /** It holds its connections and drained them (or its grace ran out): the switch may go on. */
        HELD,
        /** It cannot use the other server (none configured, unreachable, another server): the cut-over must not go on. */
        CANNOT_FOLLOW,
        /** It uses the server that serves now. */
        SWITCHED
    }
}
