package dev.tandem.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A temporary folder of migration scripts written by a test. */
final class ScriptFolder {

    private final Path dir;

    ScriptFolder() {
        try {
            dir = Files.createTempDirectory("tandem-cli-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ScriptFolder write(String fileName, String content) {
        try {
            Files.writeString(dir.resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The folder, as a {@code dir} argument. */
    String path() {
        return dir.toString();
    }

    /** The folder as a {@code --locations} value. */
    String location() {
        return "filesystem:" + dir;
    }
}
