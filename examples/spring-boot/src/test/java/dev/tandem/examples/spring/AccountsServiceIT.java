package dev.tandem.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.TandemConfiguration;
import dev.tandem.ThrottleSignal;
import dev.tandem.examples.accounts.Account;
import dev.tandem.examples.accounts.Accounts;
import dev.tandem.spring.boot.TandemConfigurationCustomizer;
import dev.tandem.testing.ServerTest;
import dev.tandem.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The rolling deploy of the accounts service as Spring Boot applications: v1 serves; v2 boots beside it,
 * serves liveness but is not ready while its backfill runs; once ready, v2's writes read right in v1's shape
 * (its sessions are tagged); the contract gate stays shut while v1 lives, and the endpoint refuses to
 * contract until write access is granted; v1 stops and leaves the fleet; v3 contracts and writes BIGINT
 * balances.
 */
class AccountsServiceIT {

    private static final int SEEDED = 2_000;

    /** Holds every backfill of the app it is given to until released, as a busy server would. */
    static final class HeldBackfill implements TandemConfigurationCustomizer {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch asked = new CountDownLatch(1);

        @Override
        public void customize(TandemConfiguration configuration) {
            configuration.throttle((ThrottleSignal) () -> {
                asked.countDown();
                return release.getCount() > 0 ? Optional.of("held by the test") : Optional.empty();
            });
        }
    }

    @ServerTest
    void rollsV1ToV2ToV3(TestDatabase db) throws Exception {
        try (RunningApp v1 = RunningApp.boot(db, "v1", null)) {
            v1.awaitReady();
            seed(v1.context().getBean(Accounts.class));
            long adaId = RunningApp.parse(v1.post("/accounts", account("Ada", "Lovelace", 100)).body()).get("id").asLong();
            assertThat(v1.json("/accounts/" + adaId).get("account").asString()).contains("Ada Lovelace");

            HeldBackfill held = new HeldBackfill();
            try (RunningApp v2 = RunningApp.boot(db, "v2", held)) {
                assertThat(held.asked.await(2, TimeUnit.MINUTES)).as("v2's backfill began").isTrue();
                assertThat(v2.get("/actuator/health/liveness").statusCode()).as("alive").isEqualTo(200);
                assertThat(v2.get("/actuator/health/readiness").statusCode()).as("not ready during the backfill").isEqualTo(503);
                assertThat(v2.isReady()).isFalse();
                JsonNode during = v2.json("/actuator/tandem");
                assertThat(state(during, "2")).isEqualTo("BACKFILLING");
                assertThat(during.get("instances").findValuesAsString("appVersion")).containsExactlyInAnyOrder("1.0.0", "2.0.0");
                assertThat(v2.meter("tandem.migrations", "state:BACKFILLING")).isEqualTo(1);
                assertThat(v2.meter("tandem.ready", "")).isZero();

                held.release.countDown();
                v2.awaitReady();
                assertThat(v2.get("/actuator/health/readiness").statusCode()).as("ready after the backfill").isEqualTo(200);
                assertThat(v2.json("/actuator/health").get("components").get("tandem").get("status").asString()).isEqualTo("UP");

                // v2's sessions are tagged: a row it writes in its shape reads right in v1's.
                String tag = new JdbcTemplate(v2.context().getBean(DataSource.class)).queryForObject("SELECT @tandem_version", String.class);
                assertThat(tag).isNotBlank();
                long graceId = RunningApp.parse(v2.post("/accounts", account("Grace", "Hopper", 200)).body()).get("id").asLong();
                assertThat(v1.json("/accounts/" + graceId).get("account").asString()).contains("Grace Hopper");
                assertThat(v2.json("/accounts/" + adaId).get("account").asString()).contains("Ada").contains("Lovelace");

                // The contract gate is shut while v1 lives, and the endpoint may not contract by default.
                JsonNode gate = migration(v2.json("/actuator/tandem"), "2").get("contractGate");
                assertThat(gate.get("open").asBoolean()).isFalse();
                assertThat(gate.get("reasons").toString()).contains("1.0.0");
                assertThat(v2.awaitMeter("tandem.contract.gate", "version:2")).isZero();
                assertThat(v2.post("/actuator/tandem/contract", "{}").statusCode()).as("write access is off by default")
                        .isIn(404, 405);

                v1.stop();
                assertThat(db.queryValue("SELECT COUNT(*) FROM tandem_instances WHERE app_version = '1.0.0'"))
                        .as("v1's shutdown left the fleet").isEqualTo(0L);

                try (RunningApp v3 = RunningApp.boot(db, "v3", null, "management.endpoint.tandem.access=unrestricted")) {
                    v3.awaitReady();
                    var contract = v3.post("/actuator/tandem/contract", "{}");
                    assertThat(contract.statusCode()).as(contract.body()).isEqualTo(200);
                    assertThat(RunningApp.parse(contract.body()).get("contracted").toString()).contains("\"2\"").contains("\"6\"");
                    long bigId = RunningApp.parse(v3.post("/accounts", account("Big", "Spender", 5_000_000_000L)).body())
                            .get("id").asLong();
                    assertThat(v3.json("/accounts/" + bigId).get("account").asString()).contains("5000000000");
                    assertThat(v3.json("/actuator/tandem").get("migrations").findValuesAsString("state")).containsOnly("COMPLETED");
                    assertThat(db.queryValue("SELECT COUNT(*) FROM customers")).isEqualTo((long) SEEDED + 3);
                }
            }
        }
    }

    private static void seed(Accounts v1) throws Exception {
        for (int batch = 0; batch < SEEDED / 500; batch++) {
            List<Account> accounts = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = batch * 500 + i;
                accounts.add(new Account("First" + n, "Last" + n, "user" + n + "@example.com", n, Account.DEFAULT_STATUS));
            }
            v1.create(accounts, Accounts.InsertForm.COLUMN_LIST);
        }
    }

    private static String account(String first, String last, long balanceCents) {
        return "{\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\",\"email\":\"" + first.toLowerCase()
                + "@example.com\",\"balanceCents\":" + balanceCents + ",\"status\":\"active\"}";
    }

    private static JsonNode migration(JsonNode status, String version) {
        for (JsonNode m : status.get("migrations")) {
            if (m.get("version").asString().equals(version)) {
                return m;
            }
        }
        throw new AssertionError("no migration " + version + " in " + status);
    }

    private static String state(JsonNode status, String version) {
        return migration(status, version).get("state").asString();
    }
}
