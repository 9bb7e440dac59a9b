package dev.tandem.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server binaries unpacked once per machine under {@code $TMPDIR/tandem-testing}, and the per-JVM
 * run folders beside them. A file lock keeps two JVMs from unpacking at once; a marker written last
 * tells a complete unpack from one that was interrupted.
 */
final class ServerCache {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCache.class);

    interface Unpacker {
        void unpackInto(Path home) throws Exception;
    }

    private ServerCache() {
    }

    /** The folder {@code name} under the cache, unpacked by {@code unpacker} unless an earlier run did. */
    static Path unpackedOnce(String name, Unpacker unpacker) throws Exception {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "tandem-testing");
        Files.createDirectories(cache);
        Path home = cache.resolve(name);
        Path marker = home.resolve(".unpacked");
        try (FileChannel lockFile = FileChannel.open(cache.resolve(name + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (!Files.exists(marker)) {
                LOG.info("Unpacking {} into {} (once per machine)", name, home);
                deleteRecursively(home);
                Files.createDirectories(home);
                unpacker.unpackInto(home);
                Files.writeString(marker, name);
            }
            return home;
        }
    }

    /** A new folder for one server run: data, socket, logs. Deleted when the server stops. */
    static Path newRunDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
