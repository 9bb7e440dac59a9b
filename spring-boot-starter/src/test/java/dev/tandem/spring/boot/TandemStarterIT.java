package dev.tandem.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.MigrationState;
import dev.tandem.ReplacedTable;
import dev.tandem.Tandem;
import dev.tandem.TandemListener;
import dev.tandem.internal.move.SwitchableDataSource;
import dev.tandem.micrometer.TandemMetrics;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** A Spring Boot application with nothing but the starter and properties, on real servers. */
class TandemStarterIT {

    /** A database user of the application: it reads the table Tandem's V1 creates when it is created. */
    record CustomerCount(long atStartup) {
    }

    /**
     * A listener that reads the application's database: it needs the DataSource, which (with a move target) follows
     * moves through Tandem, whose listener it is. When the Tandem bean took its listeners as it was made, the context
     * failed on the cycle.
     */
    static final class Audit implements TandemListener {

        private final DataSource dataSource;
        private volatile Long customersWhenReady;

        Audit(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public void ready() {
            // Not a JdbcTemplate: Spring Boot makes the database's users wait for Tandem's start, which tells this.
            customersWhenReady = new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM customers", Long.class);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        CustomerCount customerCount(JdbcTemplate jdbc) {
            return new CustomerCount(jdbc.queryForObject("SELECT COUNT(*) FROM customers", Long.class));
        }

        @Bean
        Audit audit(DataSource dataSource) {
            return new Audit(dataSource);
        }
    }

    static ConfigurableApplicationContext boot(TestDatabase db, Path scripts, String appVersion, String... more) {
        return new SpringApplicationBuilder(App.class).properties(
                "spring.main.web-application-type=none",
                "spring.datasource.url=" + db.url(),
                "spring.datasource.username=" + db.user(),
                "spring.datasource.password=" + db.password(),
                "tandem.locations=filesystem:" + scripts,
                "tandem.app-version=" + appVersion).properties(more).run();
    }

    @ServerTest
    void startsBeforeTheDatabaseUsersTagsTheirConnectionsReportsAndLeavesTheFleetOnShutdown(TestDatabase db) throws Exception {
        Path scripts = Files.createTempDirectory("tandem-starter-");
        Files.writeString(scripts.resolve("V1__customers.sql"), """
                CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL);
                INSERT INTO customers (name) VALUES ('Ada Lovelace'), ('Grace Hopper');
                """);
        Files.writeString(scripts.resolve("V2__email.sql"), """
                -- tandem:expand
                ALTER TABLE customers ADD COLUMN email VARCHAR(200) NULL;
                -- tandem:backfill
                UPDATE customers SET email = CONCAT(LOWER(REPLACE(name, ' ', '.')), '@example.com') WHERE email IS NULL;
                -- tandem:contract
                ALTER TABLE customers MODIFY email VARCHAR(200) NOT NULL;
                """);

        try (ConfigurableApplicationContext app = boot(db, scripts, "1.0.0", "management.endpoints.web.exposure.include=tandem")) {
            assertThat(app.getBean(CustomerCount.class).atStartup()).as("the application's bean saw V1 applied").isEqualTo(2);
            Tandem tandem = app.getBean(Tandem.class);
            assertThat(tandem.isReady()).isTrue();
            assertThat(app.getBean(Audit.class).customersWhenReady).as("the listener bean heard the start").isEqualTo(2);

            HikariDataSource pool = (HikariDataSource) app.getBean(DataSource.class);
            assertThat(pool.getConnectionInitSql()).isEqualTo(tandem.sessionInitSql());
            String tag = app.getBean(JdbcTemplate.class).queryForObject("SELECT @tandem_version", String.class);
            assertThat(tag).as("the application's own sessions carry the tag").isNotBlank();
            assertThat(tandem.sessionInitSql()).contains("'" + tag + "'");

            assertThat(app.getBean(ApplicationAvailability.class).getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(app.getBean("tandemHealthIndicator", HealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);

            db.execute("CREATE TABLE _tandem_1_orders_total_old (id BIGINT PRIMARY KEY)"); // as a kept copy's old table
            StatusView status = app.getBean(TandemEndpoint.class).status();
            assertThat(status.replacedTables()).extracting(ReplacedTable::name, ReplacedTable::dropStatement)
                    .containsExactly(tuple("_tandem_1_orders_total_old", "DROP TABLE IF EXISTS `_tandem_1_orders_total_old`"));
            assertThat(status.migrations()).extracting(StatusView.Migration::version, StatusView.Migration::state)
                    .containsExactly(tuple("1", "READY"), tuple("2", "READY"));
            assertThat(status.instances()).extracting(StatusView.Instance::appVersion).containsExactly("1.0.0");
            assertThat(status.migrations().get(1).contractGate().open()).isTrue();

            MeterRegistry meters = app.getBean(MeterRegistry.class);
            app.getBean(TandemMetrics.class).refresh();
            assertThat(meters.get("tandem.migrations").tag("state", MigrationState.READY.name()).gauge().value()).isEqualTo(2);
            assertThat(meters.get("tandem.instances").tag("app.version", "1.0.0").gauge().value()).isEqualTo(1);
            assertThat(meters.get("tandem.contract.gate").tag("version", "2").gauge().value()).isEqualTo(1);
            assertThat(meters.get("tandem.ready").gauge().value()).isEqualTo(1);
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM tandem_instances")).as("closing the application deregistered it")
                .isEqualTo(0L);
    }

    /**
     * With a move target, the application's pool is lent through Tandem so that a cut-over holds and switches
     * it (MoveOwnPoolIT moves one); Spring still finds the HikariCP pool behind it, for its metrics. The
     * target here is the database itself: only the configuration is under test.
     */
    @ServerTest
    void withAMoveTargetTheApplicationsPoolFollowsMovesAndSpringStillReachesThePool(TestDatabase db) throws Exception {
        Path scripts = Files.createTempDirectory("tandem-starter-");
        Files.writeString(scripts.resolve("V1__customers.sql"), """
                CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL);
                INSERT INTO customers (name) VALUES ('Ada Lovelace'), ('Grace Hopper');
                """);

        SwitchableDataSource lent;
        HikariDataSource switchedTo;
        try (ConfigurableApplicationContext app = boot(db, scripts, "1.0.0", "tandem.move-target.url=" + db.url())) {
            DataSource dataSource = app.getBean(DataSource.class);
            lent = dataSource.unwrap(SwitchableDataSource.class);
            assertThat(dataSource).as("lent through Tandem").isNotInstanceOf(HikariDataSource.class);
            assertThat(app.getBean(CustomerCount.class).atStartup()).isEqualTo(2);
            assertThat(app.getBean(Audit.class).customersWhenReady).as("a listener that needs the pool that follows moves")
                    .isEqualTo(2);
            HikariDataSource pool = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class);
            assertThat(pool).as("Spring's unwrapping reaches the pool").isNotNull();
            assertThat(pool.getConnectionInitSql()).isEqualTo(app.getBean(Tandem.class).sessionInitSql());
            assertThat(app.getBean(JdbcTemplate.class).queryForObject("SELECT @tandem_version", String.class))
                    .as("the sessions still carry the tag").isNotNull();
            assertThat(app.getBean(MeterRegistry.class).find("hikaricp.connections").tag("pool", pool.getPoolName()).gauge())
                    .as("Spring bound the pool's metrics through the wrapper").isNotNull();
            // As a cut-over does: a pool on the server the database went to, the application's closed.
            switchedTo = new HikariDataSource();
            switchedTo.setJdbcUrl(db.url());
            switchedTo.setUsername(db.user());
            switchedTo.setPassword(db.password());
            lent.switchTo(switchedTo);
            assertThat(pool.isClosed()).as("the pool switched from").isTrue();
        }
        assertThat(lent.pool()).isSameAs(switchedTo);
        assertThat(switchedTo.isClosed()).as("the pool switched to, closed with the context").isTrue();
    }
}
