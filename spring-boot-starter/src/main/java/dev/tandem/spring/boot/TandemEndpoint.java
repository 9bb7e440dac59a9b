package dev.tandem.spring.boot;

import dev.tandem.GateRefusedException;
import dev.tandem.Tandem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code tandem} actuator endpoint. Reading ({@code GET /actuator/tandem}) shows {@link Tandem#status()}:
 * migrations with their phase and gate verdicts, backfill progress, live instances. Writing
 * ({@code POST /actuator/tandem/{action}}: contract, rollback, pause, resume) is off unless
 * {@code management.endpoint.tandem.access=unrestricted}: a contract drops what old code reads.
 */
@Endpoint(id = "tandem", defaultAccess = Access.READ_ONLY)
public class TandemEndpoint {

    private static final int CONFLICT = 409;

    private final Tandem tandem;
    private final String appVersion;

    public TandemEndpoint(Tandem tandem, String appVersion) {
        this.tandem = tandem;
        this.appVersion = appVersion;
    }

    @ReadOperation
    public StatusView status() {
        return StatusView.of(appVersion, tandem.instanceId(), tandem.isReady(), tandem.status());
    }

    /**
     * {@code contract} (one {@code version}, or every READY migration without one), {@code rollback}
     * ({@code version} required, {@code force} optional), {@code pause} or {@code resume} this instance's
     * backfills. A closed gate answers 409 with every reason; an unknown action or a missing version 400.
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> act(@Selector String action, @Nullable String version,
                                                        @Nullable Boolean force) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("action", action);
        try {
            switch (action) {
                case "contract" -> result.put("contracted", version == null ? tandem.contract()
                        : tandem.contract(version) ? List.of(version) : List.of());
                case "rollback" -> {
                    if (version == null) {
                        throw new InvalidEndpointRequestException("rollback needs the version to roll back", "no version");
                    }
                    tandem.rollback(version, Boolean.TRUE.equals(force));
                    result.put("rolledBack", version);
                }
                case "pause" -> tandem.pause();
                case "resume" -> tandem.resume();
                default -> throw new InvalidEndpointRequestException("Unknown action '" + action
                        + "': one of contract, rollback, pause, resume", "unknown action");
            }
        } catch (GateRefusedException refused) {
            result.put("refused", refused.getMessage());
            result.put("reasons", refused.reasons());
            return new WebEndpointResponse<>(result, CONFLICT);
        }
        return new WebEndpointResponse<>(result);
    }
}
