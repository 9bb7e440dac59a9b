package dev.tandem.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Asks the Docker engine for {@code /_ping} before Testcontainers is touched, so a machine without
 * Docker costs one log line instead of Testcontainers' multi-line search for an engine.
 */
final class DockerProbe {

    private DockerProbe() {
    }

    /** Null when a Docker engine answers; otherwise why not, in a few words. */
    static String whyUnavailable(Map<String, String> env) {
        String host = env.getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        try {
            URI uri = URI.create(host);
            SocketChannel channel;
            if ("unix".equals(uri.getScheme())) {
                Path socket = Path.of(uri.getPath());
                if (!Files.exists(socket)) {
                    return "no Docker socket at " + socket;
                }
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
            } else if ("tcp".equals(uri.getScheme())) {
                channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
            } else {
                return "DOCKER_HOST " + host + " is neither unix:// nor tcp://";
            }
            try (channel) {
                channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer answer = ByteBuffer.allocate(512);
                channel.read(answer);
                String text = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
                return text.startsWith("HTTP/1.") && text.contains(" 200 ") ? null : "Docker at " + host + " answered: " + text.lines().findFirst().orElse("");
            }
        } catch (IOException | IllegalArgumentException e) {
            return "Docker at " + host + " does not answer (" + e.getMessage() + ")";
        }
    }
}
