package dev.tandem.cli;

import dev.tandem.TandemException;
import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.internal.script.OperationTypes;
import dev.tandem.spi.Dialect;
import java.util.List;
import java.util.ServiceLoader;

/** Reading scripts without a database, as the library would read them: for {@code lint} and {@code plan}. */
final class Scripts {

    private Scripts() {
    }

    /**
     * The dialect on the class path (the command line ships tandem-mysql). Only its statement splitter,
     * its linter and its notes are used, so no database is needed to choose it.
     */
    static Dialect dialect() {
        return ServiceLoader.load(Dialect.class, loader()).findFirst().orElseThrow(() -> new TandemException(
                "No Tandem dialect on the class path: add dev.tandem:tandem-mysql to it."));
    }

    /** The migrations on {@code locations}, found, named and checksummed (parsed on first use). */
    static MigrationCatalog scan(List<String> locations, Dialect dialect) {
        return MigrationCatalog.scan(locations, loader(), dialect.statementSplitter(), OperationTypes.discover(loader(), dialect.lintRules()));
    }

    /** The loader the library uses by default too, so both find the same scripts and plug-ins. */
    private static ClassLoader loader() {
        return Thread.currentThread().getContextClassLoader();
    }
}
