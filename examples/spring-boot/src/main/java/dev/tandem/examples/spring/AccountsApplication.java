package dev.tandem.examples.spring;

import dev.tandem.examples.accounts.Accounts;
import dev.tandem.examples.accounts.AccountsV1;
import dev.tandem.examples.accounts.AccountsV2;
import dev.tandem.examples.accounts.AccountsV3;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;

/**
 * The accounts service of examples/ as a Spring Boot application on the Tandem starter. Each release is
 * a profile here (v1, v2, v3: application-v*.properties give its app version, its scripts and its data
 * access code); in real life each is a build of its own. The starter does the rest: Tandem runs before
 * the data access code is created, the DataSource is tagged, readiness waits for the backfill, and
 * {@code /actuator/tandem} and the {@code tandem.*} meters report.
 */
@SpringBootApplication
public class AccountsApplication {

    public static void main(String[] args) {
        SpringApplication.run(AccountsApplication.class, args);
    }

    /**
     * This release's data access code, on the application's own (tagged) DataSource. It uses the database
     * directly, not through JdbcTemplate or JPA, so it says that it needs the migrated schema.
     */
    @Bean
    @DependsOnDatabaseInitialization
    Accounts accounts(DataSource dataSource, @Value("${accounts.version}") int version) {
        return switch (version) {
            case 1 -> new AccountsV1(dataSource);
            case 2 -> new AccountsV2(dataSource);
            case 3 -> new AccountsV3(dataSource);
            default -> throw new IllegalArgumentException("accounts.version is 1, 2 or 3, not " + version);
        };
    }
}
