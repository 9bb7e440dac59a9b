package dev.tandem.mysql.internal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Whether a tool of Percona's (Debian's {@code percona-toolkit}) is on the PATH, for the rows that compare with it. */
final class PerconaToolkit {

    /** What a benchmark row says when the tool is missing. */
    static final String NOT_INSTALLED = "not installed (apt-get install -y percona-toolkit)";

    private PerconaToolkit() {
    }

    static boolean installed(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
