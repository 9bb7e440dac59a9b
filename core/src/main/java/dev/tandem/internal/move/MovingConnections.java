package dev.tandem.internal.move;

import java.util.List;
import javax.sql.DataSource;

/** An instance's connections as a move sees them: which server they go to, and the switch to another. */
public interface MovingConnections {

    /** Tandem's own connections, on the current server. */
    DataSource pool();

    /** The server the connections go to now. */
    Endpoint current();

    /** Every server this instance is configured to reach. */
    List<Endpoint> endpoints();

    /** Points every connection at {@code endpoint}; held borrowers stay held. */
    void switchTo(Endpoint endpoint);

    /** Opens on {@code endpoint} the pools {@link #switchTo} would, and closes them again; throws why one cannot open. */
    void tryPoolsOn(Endpoint endpoint);

    /**
     * Holds every pool lent to the application ({@code Tandem.dataSource()} once asked for, and each of the
     * application's own pools that follows moves), and each one lent from now until {@link #releaseLentPools}:
     * a pool first lent during a cut-over would lend the old server's connections. Returns those lent now, to drain.
     */
    List<SwitchableDataSource> holdLentPools();

    /** Releases every pool lent to the application; one lent from now on is not held. */
    void releaseLentPools();
}
