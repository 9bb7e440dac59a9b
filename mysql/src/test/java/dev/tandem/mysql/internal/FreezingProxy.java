package dev.tandem.mysql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of a server that can stop passing bytes, as a network that drops packets without a word
 * does (no reset, no close): whoever waits for an answer through it waits until a timeout of its own.
 */
final class FreezingProxy implements AutoCloseable {

    private static final Pattern HOST_AND_PORT = Pattern.compile("//([^:/]+):(\\d+)/");

    private final ServerSocket listening;
    private final String host;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;

    /** A proxy to the server of {@code jdbcUrl}. */
    FreezingProxy(String jdbcUrl) throws IOException {
        Matcher m = HOST_AND_PORT.matcher(jdbcUrl);
        if (!m.find()) {
            throw new IllegalArgumentException("No host and port in " + jdbcUrl);
        }
        host = m.group(1);
        port = Integer.parseInt(m.group(2));
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "freezing-proxy");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** {@code jdbcUrl} through this proxy. */
    String url(String jdbcUrl) {
        return HOST_AND_PORT.matcher(jdbcUrl).replaceFirst("//127.0.0.1:" + listening.getLocalPort() + "/");
    }

    /** From now on no byte passes, either way. */
    void freeze() {
        frozen = true;
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(host, port);
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    while (frozen) {
                        Thread.sleep(50);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // a side closed
            }
        }, "freezing-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listening.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
