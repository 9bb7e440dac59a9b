package dev.tandem.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/testing-your-migrations.md quotes the example test and its scripts: the quotes stay what CI runs. */
class DocsQuoteTheExampleTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void theGuideQuotesTheExampleAndItsScriptsAsTheyAre() throws IOException {
        String guide = Files.readString(MODULE.resolveSibling("docs").resolve("testing-your-migrations.md"));
        String test = Files.readString(MODULE.resolve("src/test/java/dev/tandem/testkit/example/CustomerMigrationsIT.java"));
        assertThat(guide).contains(test.substring(test.indexOf("class CustomerMigrationsIT")).strip());
        try (var scripts = Files.list(MODULE.resolve("src/test/resources/db/customers"))) {
            for (Path script : scripts.toList()) {
                assertThat(guide).as(script.getFileName().toString()).contains(Files.readString(script).strip());
            }
        }
    }
}
