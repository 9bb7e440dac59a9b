package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.testing.InstalledMariaDb;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The disk space a copy takes, and the server's free space where it tells it: MariaDB's {@code disks} plugin
 * ({@code information_schema.DISKS}), which the embedded binaries lack and Debian's MariaDB ships.
 */
class DiskSpaceIT {

    private static final long MIB = 1024 * 1024;

    /** Both flavors as the test bed runs them: the free space is known exactly where the server has the table. */
    @ServerTest
    void theServerSaysItsFreeSpaceOnlyWhereItHasTheDisksTable(TestDatabase db) throws Exception {
        boolean disks = !db.query("SELECT 1 FROM information_schema.plugins WHERE plugin_name = 'DISKS'"
                + " AND plugin_status = 'ACTIVE'").isEmpty();
        db.execute("CREATE TABLE d (i INT PRIMARY KEY)", "INSERT INTO d VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)",
                "CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(200) NOT NULL)",
                "INSERT INTO t SELECT 1 + a.i + 10 * b.i + 100 * c.i + 1000 * e.i, REPEAT('x', 150) FROM d a, d b, d c, d e",
                "ANALYZE TABLE t");
        try (Connection c = db.connection()) {
            assertThat(DiskSpace.free(c).isPresent()).as("free space known where the server has DISKS").isEqualTo(disks);
            CopySpace space = CopySpace.read(c, "t");
            assertThat(space.tableBytes()).as("10,000 rows of ~150 bytes").isGreaterThan(MIB);
            assertThat(space.neededBytes()).isEqualTo((long) Math.ceil(1.25 * space.tableBytes()));
            assertThat(CopySpace.read(c, "no_such_table").tableBytes()).isZero();
        }
    }

    @Test
    void mariaDbsDisksPluginGivesTheFreeSpaceOfTheDiskOfItsDataDirectory() throws Exception {
        Optional<String> unavailable = InstalledMariaDb.whyUnavailable();
        assumeTrue(unavailable.isEmpty(), unavailable::orElseThrow);
        try (InstalledMariaDb installed = InstalledMariaDb.start(); TestDatabase db = TestDatabase.create(installed.server())) {
            try (Connection c = db.connection()) {
                assertThat(DiskSpace.free(c)).as("before the plugin: the server does not say").isEmpty();
            }
            db.execute("INSTALL SONAME 'disks'");
            Path dataDirectory = Path.of((String) db.queryValue("SELECT @@datadir"));
            long usable = Files.getFileStore(dataDirectory).getUsableSpace();
            try (Connection c = db.connection()) {
                OptionalLong free = DiskSpace.free(c);
                assertThat(free).isPresent();
                // The same disk, read a moment apart while the machine writes: within 256 MiB.
                assertThat(free.getAsLong()).isCloseTo(usable, within(256 * MIB));
                db.execute("CREATE TABLE t (id INT PRIMARY KEY)");
                assertThat(CopySpace.read(c, "t").note()).endsWith(" free)").doesNotContain("does not say");
            }
        }
    }
}
