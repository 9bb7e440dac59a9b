package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which disk holds the server's data directory, among those {@code information_schema.DISKS} lists. */
class DiskSpaceTest {

    private static final List<DiskSpace.Mount> MOUNTS = List.of(new DiskSpace.Mount("/", 1_000),
            new DiskSpace.Mount("/var/lib/mysql", 20), new DiskSpace.Mount("/var/lib/mysql-logs", 300),
            new DiskSpace.Mount("/boot", 7));

    @Test
    void theDeepestMountPointThatHoldsTheDirectoryIsItsDisk() {
        assertThat(DiskSpace.freeAt("/var/lib/mysql/", MOUNTS)).isEqualTo(OptionalLong.of(20 * 1024));
        assertThat(DiskSpace.freeAt("/var/lib/mysql/data/", MOUNTS)).isEqualTo(OptionalLong.of(20 * 1024));
        assertThat(DiskSpace.freeAt("/srv/db/", MOUNTS)).as("under the root only").isEqualTo(OptionalLong.of(1_000 * 1024));
    }

    @Test
    void aMountPointIsMatchedByWholeNamesNotByItsText() {
        assertThat(DiskSpace.freeAt("/var/lib/mysql-logs/db", MOUNTS)).isEqualTo(OptionalLong.of(300 * 1024));
        assertThat(DiskSpace.freeAt("/var/lib/mysqlx/", List.of(new DiskSpace.Mount("/var/lib/mysql", 20))))
                .as("/var/lib/mysqlx is not under /var/lib/mysql").isEmpty();
    }

    @Test
    void noDiskThatHoldsItOrNoDirectorySaysNothing() {
        assertThat(DiskSpace.freeAt("/data/", List.of(new DiskSpace.Mount("/boot", 7)))).isEmpty();
        assertThat(DiskSpace.freeAt("", MOUNTS)).isEmpty();
        assertThat(DiskSpace.freeAt("/data/", List.of())).isEmpty();
    }
}
