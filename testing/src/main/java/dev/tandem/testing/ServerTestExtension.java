package dev.tandem.testing;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Expands a {@link ServerTest} into one invocation per server, each with a fresh {@link TestDatabase}. */
final class ServerTestExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServerTestExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(ServerTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return TestServers.configured().stream().map(ServerInvocation::new);
    }

    /** One run of the test on one server. The server starts (once per JVM) when the run is named. */
    private static final class ServerInvocation implements TestTemplateInvocationContext {

        private final DatabaseServer server;
        private final RuntimeException startFailure;

        ServerInvocation(DatabaseServer server) {
            this.server = server;
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
            return List.of(new DatabaseResolver());
        }

        private final class DatabaseResolver implements ParameterResolver {

            @Override
            public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
                Class<?> type = parameter.getParameter().getType();
                return type == TestDatabase.class || type == DatabaseServer.class;
            }

            @Override
            public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
                if (startFailure != null) {
                    throw startFailure;
                }
                if (parameter.getParameter().getType() == DatabaseServer.class) {
                    return server;
                }
                // Stored AutoCloseables are closed by JUnit when the test ends: the database is dropped.
                return context.getStore(NAMESPACE).getOrComputeIfAbsent("database", key -> {
                    try {
                        return TestDatabase.create(server);
                    } catch (java.sql.SQLException e) {
                        throw new ParameterResolutionException("Could not create a test database on " + server.label(), e);
                    }
                }, TestDatabase.class);
            }
        }
    }
}
