package dev.tandem.examples.spring;

import dev.tandem.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One instance of the accounts service, booted on the embedded web server as a deployment would boot it
 * (a release profile, the database in spring.datasource.*), and talked to over HTTP. Its startup runs on
 * a thread of its own: with a backfill to wait for, it serves (liveness, actuator) before it is ready.
 */
final class RunningApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
    private final CompletableFuture<ConfigurableApplicationContext> ready;

    private RunningApp(SpringApplicationBuilder builder, String... args) {
        builder.listeners(event -> {
            if (event instanceof ApplicationStartedEvent e) {
                started.complete(e.getApplicationContext());
            }
        });
        ready = CompletableFuture.supplyAsync(() -> builder.run(args));
        ready.whenComplete((context, failure) -> {
            if (failure != null) {
                started.completeExceptionally(failure);
            }
        });
    }

    /** Boots release {@code profile} (v1, v2, v3) on {@code db}; returns once its web server serves. */
    static RunningApp boot(TestDatabase db, String profile, Object extraBean, String... properties) throws Exception {
        List<String> all = new ArrayList<>(List.of("server.port=0", "spring.datasource.url=" + db.url(),
                "spring.datasource.username=" + db.user(), "spring.datasource.password=" + db.password(),
                // Meters re-read the status often enough for a test, and the fleet notices a stopped node soon.
                "tandem.metrics.refresh-interval=1s"));
        all.addAll(List.of(properties));
        // As command-line arguments, which outrank application.properties and the environment (TANDEM_URL, say):
        // as default properties, the lowest, they could leave the test migrating a database configured there.
        SpringApplicationBuilder builder = new SpringApplicationBuilder(AccountsApplication.class).profiles(profile);
        if (extraBean != null) {
            builder.initializers(context -> context.getBeanFactory().registerSingleton("testExtra", extraBean));
        }
        RunningApp app = new RunningApp(builder, all.stream().map(property -> "--" + property).toArray(String[]::new));
        app.started.get(2, TimeUnit.MINUTES);
        return app;
    }

    ConfigurableApplicationContext context() throws Exception {
        return started.get();
    }

    /** Waits until the startup finished: the application reports ready. */
    void awaitReady() throws Exception {
        ready.get(2, TimeUnit.MINUTES);
    }

    boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    private URI uri(String path) throws Exception {
        return URI.create("http://127.0.0.1:" + context().getEnvironment().getProperty("local.server.port") + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static JsonNode parse(String body) {
        return JSON.readTree(body);
    }

    /** A meter's value as /actuator/metrics reports it, e.g. {@code meter("tandem.migrations", "state:READY")}. */
    double meter(String name, String tag) throws Exception {
        return json(meterPath(name, tag)).get("measurements").get(0).get("value").asDouble();
    }

    /**
     * A meter's value once /actuator/metrics has it (within 20 s): a meter that a state change brings, such
     * as a READY migration's contract gate, follows the status read on the meters' own thread.
     */
    double awaitMeter(String name, String tag) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> response = get(meterPath(name, tag));
        while (response.statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = get(meterPath(name, tag));
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + meterPath(name, tag) + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body()).get("measurements").get(0).get("value").asDouble();
    }

    private static String meterPath(String name, String tag) {
        return "/actuator/metrics/" + name + (tag.isEmpty() ? "" : "?tag=" + tag);
    }

    /** Shuts the application down as a deployment does (graceful shutdown, Tandem leaves the fleet). */
    void stop() {
        if (started.isDone() && !started.isCompletedExceptionally()) {
            started.join().close();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
