package dev.tandem.internal.script;

import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.executor.Context;
import org.flywaydb.core.api.executor.MigrationExecutor;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.jdbc.Results;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;
import org.flywaydb.core.internal.scanner.Scanner;

/**
 * The one door in core to Flyway's {@code org.flywaydb.core.internal} packages, which Flyway gives
 * "no compatibility guarantees": its scanner (so locations mean what they mean in Flyway), its
 * checksum (so a history Flyway wrote stays valid) and the executor type its history needs. A Flyway
 * upgrade that moves them breaks here, and {@code FlywayInternalsTest} says how.
 */
public final class FlywayInternals {

    private FlywayInternals() {
    }

    /** The resources named {@code prefix...suffix} on {@code locations}, found as Flyway finds scripts. */
    static Collection<LoadableResource> scan(ClassicConfiguration configuration, Location[] locations, String prefix,
                                             String... suffixes) {
        return new Scanner<>(JavaMigration.class, configuration, locations).getResources(prefix, suffixes);
    }

    /** Flyway's checksum of a script's text (it ignores line endings and a byte order mark). */
    static int checksum(String text) {
        return ChecksumCalculator.calculate(new StringResource(text));
    }

    /** An executor that runs nothing: for a migration Tandem ran itself and Flyway only records. */
    public static MigrationExecutor alreadyExecuted() {
        return new MigrationExecutor() {
            @Override
            public List<Results> execute(Context context) {
                return List.of();
            }

            @Override
            public boolean canExecuteInTransaction() {
                return true;
            }

            @Override
            public boolean shouldExecute() {
                return true;
            }
        };
    }
}
