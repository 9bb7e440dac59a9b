package dev.tandem.mysql.internal;

import dev.tandem.internal.script.MigrationCatalog;
import dev.tandem.internal.script.OperationTypes;
import dev.tandem.mysql.internal.lint.LintRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A folder of migration scripts written by a test, used as a {@code filesystem:} location. */
final class ScriptDir {

    private final Path dir;

    ScriptDir(Path dir) {
        this.dir = dir;
    }

    ScriptDir write(String fileName, String content) {
        try {
            Files.writeString(dir.resolve(fileName), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ScriptDir delete(String fileName) {
        try {
            Files.delete(dir.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String location() {
        return "filesystem:" + dir;
    }

    MigrationCatalog scan() {
        return MigrationCatalog.scan(List.of(location()), getClass().getClassLoader(), new MySqlStatementSplitter(),
                OperationTypes.discover(getClass().getClassLoader(), LintRule.catalogue()));
    }
}
