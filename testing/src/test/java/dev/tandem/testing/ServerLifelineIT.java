package dev.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server started by a JVM that is killed with SIGKILL (no shutdown hook runs) must die with it. */
class ServerLifelineIT {

    /** Started as a separate JVM: starts one server, says so, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        DatabaseServer server = TestServers.choose(System.getenv(), args[0]).get(0);
        TestServers.started(server);
        System.out.println("STARTED " + server.label());
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }

    @ServerTest
    void embeddedServerDiesWhenItsJvmIsKilled(DatabaseServer server) throws Exception {
        assumeTrue(server.kind() == DatabaseServer.Kind.EMBEDDED, "only embedded servers are started by this JVM");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerLifelineIT.class.getName(), server.id())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            // The child's log lines are kept for the failure message: a child that never starts says why.
            StringBuilder childLog = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("STARTED ")) {
                childLog.append(line).append('\n');
            }
            assertThat(line).as("the child JVM started %s; its output:%n%s", server.id(), childLog)
                    .isEqualTo("STARTED " + server.label());

            List<ProcessHandle> servers = jvm.toHandle().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/mysqld") || c.endsWith("/mariadbd")).orElse(false))
                    .toList();
            assertThat(servers).hasSize(1);

            jvm.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
            ProcessHandle orphan = servers.get(0);
            long deadline = System.currentTimeMillis() + 30_000;
            while (orphan.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(orphan.isAlive()).as("server pid %d still alive after its JVM was killed", orphan.pid()).isFalse();
        } finally {
            jvm.destroyForcibly();
        }
    }
}
