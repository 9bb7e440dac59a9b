package dev.tandem.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record of a move ({@link MoveRecord}) and the instances' acknowledgements on one server. Writes go to
 * the server that serves; replication carries them to the other.
 */
public interface MoveStore {

    /** Creates the move's tables if they are missing. */
    void create();

    /** The move recorded on this server; empty when there is none (no table, or no row). */
    Optional<MoveRecord> read();

    /** The server's clock, which every deadline of a move is measured by. */
    Instant now();

    /**
     * Records a new move, {@code first} being its revision 1: false, and nothing written, when a move that is
     * not {@link MoveState.Phase#FINISHED} is recorded already.
     */
    boolean begin(MoveRecord first);

    /**
     * Writes {@code next} if the record stored is the revision before it (compare and set): false, and nothing
     * written, when someone else moved the record on first.
     */
    boolean advance(MoveRecord next);

    /** Records (or replaces) an instance's answer to an epoch; the table must exist ({@link #create()}). */
    void acknowledge(MoveAck ack);

    /** The answers to {@code epoch} of the move {@code moveId}. */
    List<MoveAck> acks(String moveId, long epoch);
}
