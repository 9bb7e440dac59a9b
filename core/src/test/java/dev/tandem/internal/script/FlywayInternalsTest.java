package dev.tandem.internal.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;

/**
 * What Tandem relies on in Flyway's internal packages, pinned: when a Flyway upgrade moves or changes
 * them, this fails and names what changed, before any migration is read differently.
 */
class FlywayInternalsTest {

    @Test
    void theScannerFindsScriptsByPrefixAndSuffixOnAFilesystemLocation() throws Exception {
        Path dir = Files.createTempDirectory("tandem-flyway-");
        Files.writeString(dir.resolve("V1__init.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("V2__ops.yaml"), "operations: []");
        Files.writeString(dir.resolve("R__repeatable.sql"), "SELECT 2;");
        Files.writeString(dir.resolve("notes.txt"), "not a script");
        ClassicConfiguration configuration = new ClassicConfiguration(getClass().getClassLoader());
        configuration.setLocationsAsStrings("filesystem:" + dir);
        Collection<LoadableResource> found = FlywayInternals.scan(configuration, configuration.getLocations(), "V",
                ".sql", ".yaml", ".yml");
        assertThat(found).extracting(LoadableResource::getFilename).containsExactlyInAnyOrder("V1__init.sql", "V2__ops.yaml");
    }

    @Test
    void theChecksumIgnoresLineEndingsAndAByteOrderMark() {
        String script = "CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\n";
        int checksum = FlywayInternals.checksum(script);
        assertThat(FlywayInternals.checksum(script.replace("\n", "\r\n"))).isEqualTo(checksum);
        assertThat(FlywayInternals.checksum("\uFEFF" + script)).isEqualTo(checksum);
        assertThat(FlywayInternals.checksum(script + "-- changed\n")).isNotEqualTo(checksum);
    }

    @Test
    void theAlreadyExecutedExecutorRunsNothing() throws Exception {
        assertThat(FlywayInternals.alreadyExecuted().execute(null)).isEmpty();
        assertThat(FlywayInternals.alreadyExecuted().shouldExecute()).isTrue();
    }
}
