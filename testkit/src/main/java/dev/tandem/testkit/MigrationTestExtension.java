package dev.tandem.testkit;

import dev.tandem.testing.ServerInvocations;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/** Expands a {@link TandemMigrationTest} into one run per server, each with a fresh {@link MigrationTestDatabase}. */
final class MigrationTestExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, TandemMigrationTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        TandemMigrationTest test = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), TandemMigrationTest.class)
                .orElseThrow();
        List<String> locations = List.of(test.locations());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return ServerInvocations.perServer(MigrationTestDatabase.class,
                database -> new MigrationTestDatabase(database, locations, loader));
    }
}
