package dev.tandem.internal.engine;

import dev.tandem.TandemException;
import dev.tandem.spi.Dialect;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the dialect for a server among those on the class path ({@link ServiceLoader}). */
public final class Dialects {

    private Dialects() {
    }

    /** The first dialect that supports the server behind {@code metadata}; a TandemException names the server when none does. */
    public static Dialect forServer(DatabaseMetaData metadata, ClassLoader loader) throws SQLException {
        List<String> seen = new ArrayList<>();
        for (Dialect candidate : ServiceLoader.load(Dialect.class, loader)) {
            if (candidate.supports(metadata)) {
                return candidate;
            }
            seen.add(candidate.name());
        }
        throw new TandemException("No Tandem dialect supports " + metadata.getDatabaseProductName() + " "
                + metadata.getDatabaseProductVersion() + (seen.isEmpty() ? "; add the Tandem dialect module for your"
                + " database (see the README)" : "; found only " + seen));
    }
}
