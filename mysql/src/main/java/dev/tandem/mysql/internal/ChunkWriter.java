package dev.tandem.mysql.internal;

import java.sql.SQLException;

/** Writes the new shape of one chunk of a table's rows, without committing: in place, or into a copy. */
@FunctionalInterface
interface ChunkWriter {

    /** Writes the chunk's rows that need it; returns how many it wrote. */
    int write(BackfillChunker.Chunk chunk) throws SQLException;
}
