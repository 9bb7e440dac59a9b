package dev.tandem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

class SessionTagTest {

    @Test
    void textOrderOfTagsIsVersionOrder() {
        List<String> versions = List.of("1", "1.1", "1.2", "1.10", "2", "2.0.1", "10", "100.3");
        List<String> tags = versions.stream().map(v -> SessionTag.of(MigrationVersion.fromVersion(v))).toList();

        assertThat(tags).isSorted();
        assertThat(Stream.of("10", "9", "1.10", "1.9").map(v -> SessionTag.of(MigrationVersion.fromVersion(v))).sorted().toList())
                .containsExactly(SessionTag.of(MigrationVersion.fromVersion("1.9")), SessionTag.of(MigrationVersion.fromVersion("1.10")),
                        SessionTag.of(MigrationVersion.fromVersion("9")), SessionTag.of(MigrationVersion.fromVersion("10")));
        assertThat(SessionTag.of(MigrationVersion.fromVersion("2.1"))).isEqualTo("0000000002.0000000001");
        assertThat(SessionTag.of(null)).isEqualTo(SessionTag.NONE).isLessThan(tags.get(0));
    }
}
