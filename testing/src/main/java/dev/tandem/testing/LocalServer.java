package dev.tandem.testing;

/**
 * A server the test bed starts on this machine: it listens on a free port of 127.0.0.1, chosen in
 * {@link #start()}, and lets root in without a password.
 */
abstract class LocalServer extends DatabaseServer {

    private final Flavor flavor;
    private final Kind kind;
    /** The port the server listens on, once {@link #start()} chose it. */
    protected int port;

    LocalServer(Flavor flavor, Kind kind) {
        this.flavor = flavor;
        this.kind = kind;
    }

    @Override
    public final String jdbcUrl(String database) {
        return ServerOptions.jdbcUrl("127.0.0.1", port, database);
    }

    @Override
    public final String user() {
        return "root";
    }

    @Override
    public final String password() {
        return "";
    }

    @Override
    public final Flavor flavor() {
        return flavor;
    }

    @Override
    public final Kind kind() {
        return kind;
    }
}
