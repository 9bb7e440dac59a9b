package dev.tandem.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A move of the database as recorded in the application's schema ({@code tandem_move}), on whichever server
 * serves and, through replication, on the other: its {@link MoveState} and which server is which side.
 * Servers are known by their {@code server_id}, which two servers that replicate from each other must differ in.
 *
 * @param moveId      this move's id: a later move of the same schema has another
 * @param revision    grows by one with every write: of two copies of the record, the higher is the newer
 * @param state       where the move stands
 * @param original    the server the move began on
 * @param destination the server the move goes to
 */
public record MoveRecord(String moveId, long revision, MoveState state, Server original, Server destination) {

    /**
     * One of the two servers.
     *
     * @param serverId its {@code server_id}
     * @param label    what it is, for people: product, version, host and port
     */
    public record Server(long serverId, String label) {
        public Server {
            Objects.requireNonNull(label, "label");
        }
    }

    public MoveRecord {
        Objects.requireNonNull(moveId, "moveId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(destination, "destination");
        if (original.serverId() == destination.serverId()) {
            throw new IllegalArgumentException("a move needs two servers, but both have server_id " + original.serverId());
        }
    }

    /** The same move in {@code next}, one revision later. */
    public MoveRecord next(MoveState next) {
        return new MoveRecord(moveId, revision + 1, next, original, destination);
    }

    /** The server of {@code side}. */
    public Server server(MoveState.Side side) {
        return side == MoveState.Side.ORIGINAL ? original : destination;
    }

    /** The server the application uses now. */
    public Server serving() {
        return server(state.serving());
    }

    /** Which side the server with {@code serverId} is; empty when it is neither of this move's servers. */
    public Optional<MoveState.Side> sideOf(long serverId) {
        if (serverId == original.serverId()) {
            return Optional.of(MoveState.Side.ORIGINAL);
        }
        return serverId == destination.serverId() ? Optional.of(MoveState.Side.DESTINATION) : Optional.empty();
    }

    /** Whether this copy is newer than {@code other} (the same move's record read on the other server). */
    public boolean newerThan(MoveRecord other) {
        return other == null || revision > other.revision;
    }
}
