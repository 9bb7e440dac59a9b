package dev.tandem.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test once per configured server (see {@link TestServers}): both flavors by
 * default. The test takes a {@link TestDatabase} parameter, a fresh database that is dropped after
 * it; the server's label is in the test's display name, so reports say what ran where.
 *
 * <pre>{@code
 * @ServerTest
 * void addsColumn(TestDatabase db) throws Exception { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(ServerTestExtension.class)
public @interface ServerTest {
}
