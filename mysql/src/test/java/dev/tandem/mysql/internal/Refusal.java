package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.Tandem;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.util.List;

/** A migration refused before its expand: the message says why, and the schema is as it was. */
final class Refusal {

    private Refusal() {
    }

    /**
     * Applies {@code schema} as migration 1, then asserts that migration 2 ({@code operations}, YAML
     * operations without the {@code operations:} line) is refused with every one of {@code messages}
     * and changes nothing. Returns the scripts, migration 2 still among them.
     */
    static ScriptDir refusedBeforeTheExpand(TestDatabase db, String schema, String operations, String... messages)
            throws Exception {
        ScriptDir scripts = new ScriptDir(Files.createTempDirectory("tandem-refused-")).write("V1__schema.sql", schema);
        Nodes.applied(db, scripts);
        List<String> before = db.describeSchema();
        scripts.write("V2__refused.yaml", "operations:\n" + operations);
        try (Tandem v2 = Nodes.tandem(db, scripts)) {
            var thrown = assertThatThrownBy(v2::start).hasMessageContaining("Nothing was changed");
            for (String message : messages) {
                thrown.hasMessageContaining(message);
            }
        }
        assertThat(db.describeSchema()).as("nothing changed").isEqualTo(before);
        return scripts;
    }
}
