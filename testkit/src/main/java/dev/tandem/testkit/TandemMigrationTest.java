package dev.tandem.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test once per configured server — an embedded MariaDB and an embedded MySQL by
 * default; Docker containers or your own servers by environment variables (see
 * docs/testing-your-migrations.md) — each run with a {@link MigrationTestDatabase} parameter: a fresh
 * database and the scripts on {@link #locations()}. The server is named in the run's display name.
 *
 * <pre>{@code
 * @TandemMigrationTest(locations = "db/tandem")
 * void version1KeepsWorkingWhile2Expands(MigrationTestDatabase db) {
 *     db.migrateTo("1");
 *     ...
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(MigrationTestExtension.class)
public @interface TandemMigrationTest {

    /**
     * Where the scripts are, as in {@link dev.tandem.TandemConfiguration#locations(String...)}: a classpath
     * folder ({@code db/tandem} or {@code classpath:db/tandem}, the default) or {@code filesystem:path};
     * several are merged.
     */
    String[] locations() default "classpath:db/tandem";
}
