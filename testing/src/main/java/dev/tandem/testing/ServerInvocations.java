package dev.tandem.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/**
 * One run of a test template per configured server (see {@link TestServers}), for JUnit extensions built
 * on the test bed: {@link ServerTest}'s, and Tandem's test kit's. Each run is named after its server (the
 * label reports and {@code .ci/run} count by flavor) and resolves a {@link DatabaseServer} parameter and a
 * parameter of one more type, made from a fresh {@link TestDatabase} that is dropped when the run ends.
 */
public final class ServerInvocations {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServerInvocations.class);

    private ServerInvocations() {
    }

    /** What a test is handed, made from the run's fresh database; closed (when it is closeable) before the database is dropped. */
    @FunctionalInterface
    public interface DatabaseView<T> {
        T of(TestDatabase database) throws Exception;
    }

    /** One run per configured server; each server starts (once per JVM) when its run is named. */
    public static <T> Stream<TestTemplateInvocationContext> perServer(Class<T> type, DatabaseView<T> view) {
        return TestServers.configured().stream().map(server -> new ServerInvocation<>(server, type, view));
    }

    private static final class ServerInvocation<T> implements TestTemplateInvocationContext {

        private final DatabaseServer server;
        private final Class<T> type;
        private final DatabaseView<T> view;
        private final RuntimeException startFailure;

        ServerInvocation(DatabaseServer server, Class<T> type, DatabaseView<T> view) {
            this.server = server;
            this.type = type;
            this.view = view;
            RuntimeException failure = null;
            try {
                TestServers.started(server);
            } catch (RuntimeException e) {
                failure = e;
            }
            this.startFailure = failure;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + (startFailure == null ? server.label() : server.id()) + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Resolver());
        }

        private final class Resolver implements ParameterResolver {

            @Override
            public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
                Class<?> wanted = parameter.getParameter().getType();
                return wanted == type || wanted == DatabaseServer.class;
            }

            @Override
            public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
                if (startFailure != null) {
                    throw startFailure;
                }
                if (parameter.getParameter().getType() == DatabaseServer.class) {
                    return server;
                }
                // Stored AutoCloseables are closed by JUnit when the test ends: the view, then the database.
                return context.getStore(NAMESPACE).getOrComputeIfAbsent("database", key -> open(), Opened.class).view;
            }

            private Opened open() {
                TestDatabase database;
                try {
                    database = TestDatabase.create(server);
                } catch (java.sql.SQLException e) {
                    throw new ParameterResolutionException("Could not create a test database on " + server.label(), e);
                }
                try {
                    return new Opened(database, view.of(database));
                } catch (Exception e) {
                    closeQuietly(database, e);
                    throw new ParameterResolutionException("Could not prepare " + type.getSimpleName() + " on " + database, e);
                }
            }
        }

        /**
         * The run's database and what the test got from it, closed in that order reversed. A CloseableResource
         * too: JUnit before 5.13 closes only those (the database, its pools and the Tandems were left open), 5.13
         * on AutoCloseables as well, so closing twice does nothing.
         */
        @SuppressWarnings("deprecation") // CloseableResource: for JUnit before 5.13
        private final class Opened implements AutoCloseable, ExtensionContext.Store.CloseableResource {

            private final TestDatabase database;
            private final T view;
            private final AtomicBoolean closed = new AtomicBoolean();

            Opened(TestDatabase database, T view) {
                this.database = database;
                this.view = view;
            }

            @Override
            public void close() throws Exception {
                if (closed.getAndSet(true)) {
                    return;
                }
                try {
                    if (view instanceof AutoCloseable closeable && view != database) {
                        closeable.close();
                    }
                } finally {
                    database.close();
                }
            }
        }

        private static void closeQuietly(TestDatabase database, Exception failure) {
            try {
                database.close();
            } catch (java.sql.SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
